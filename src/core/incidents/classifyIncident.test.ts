import assert from 'node:assert/strict';
import { OpenAiCompatibleChatModel } from '../llm/openAiCompatibleChatModel';
import { JsonModeMemory } from '../llm/completeStructured';
import { LlmAbortError } from '../llm/llmError';
import { FakeOpenAiServer, startFakeOpenAiServer } from '../../test/fakes/fakeOpenAiServer';
import type { RetrievedChunk } from '../copilot/runbookRetrieval';
import { classifyIncident, votesFromHits } from './classifyIncident';

const text = 'FATAL: remaining connection slots are reserved for non-replication superuser connections';

function hit(runbookId: string, category: RetrievedChunk['chunk']['category'], score: number): RetrievedChunk {
  return {
    chunk: { id: `${runbookId}#0`, runbookId, title: runbookId, category, headingPath: [runbookId], file: `/rb/${runbookId}.md`, startLine: 5, endLine: 20, text: 'x' },
    score,
  };
}

describe('classifyIncident', () => {
  let server: FakeOpenAiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const modelFor = (s: FakeOpenAiServer, timeoutMs = 5000) =>
    new OpenAiCompatibleChatModel({ baseUrl: s.url, model: 'fake-model', maxRetries: 0, timeoutMs });

  it('is the offline classifier without a model', async () => {
    const result = await classifyIncident({ text });
    assert.equal(result.source, 'offline');
    assert.equal(result.category, 'Database');
    assert.equal(result.answeredBy, 'offline classifier');
    assert.equal(result.fallbackReason, undefined);
  });

  it('uses a valid model reply, sending the prior, runbook titles and examples', async () => {
    server = await startFakeOpenAiServer({
      reply: { json: { category: 'Database', subcategory: 'connection-pool', severity: 'high', priority: 'P2', confidence: 0.93, rationale: 'Slots exhausted.' } },
    });
    const result = await classifyIncident(
      { text },
      {
        model: modelFor(server),
        runbookHits: [hit('db-connection-pool-exhausted', 'Database', 1), hit('dependency-outage', 'Network', 0.4)],
        examples: [{ text: 'too many clients already on billing-db', category: 'Database', subcategory: 'connection-pool', severity: 'high' }],
        jsonModeMemory: new JsonModeMemory(),
      },
    );
    assert.equal(result.source, 'llm');
    assert.equal(result.subcategory, 'connection-pool');
    assert.equal(result.confidence, 0.93);
    assert.match(result.answeredBy, /fake-model/);
    const user = (server.chatRequests()[0]!.body.messages as { content: string }[])[1]!.content;
    assert.match(user, /Offline prior: Database\//);
    assert.match(user, /db-connection-pool-exhausted: db-connection-pool-exhausted \[Database\]/);
    assert.match(user, /<<<EXAMPLES>>>[\s\S]*billing-db[\s\S]*→ Database\/connection-pool, high/);
    assert.match(user, /<<<INCIDENT>>>\nFATAL: remaining connection slots/);
  });

  it('repairs an invalid reply once and uses the repaired one', async () => {
    server = await startFakeOpenAiServer();
    server.enqueue(
      { json: { category: 'Databases', subcategory: 'x', severity: 'high', priority: 'P2', confidence: 2, rationale: '' } },
      { json: { category: 'Database', subcategory: 'pool', severity: 'high', priority: 'P2', confidence: 0.8, rationale: 'fixed' } },
    );
    const result = await classifyIncident({ text }, { model: modelFor(server), jsonModeMemory: new JsonModeMemory() });
    assert.equal(result.source, 'llm');
    assert.equal(result.repaired, true);
    const repair = server.chatRequests()[1]!.body.messages as { role: string; content: string }[];
    assert.match(repair.at(-1)!.content, /not valid: schema mismatch/);
  });

  it('falls back to offline and says why when the reply stays invalid', async () => {
    server = await startFakeOpenAiServer({ reply: { content: 'I think it is the database, probably.' } });
    const result = await classifyIncident({ text }, { model: modelFor(server), jsonModeMemory: new JsonModeMemory() });
    assert.equal(result.source, 'offline');
    assert.equal(result.category, 'Database');
    assert.match(result.fallbackReason ?? '', /unusable .*after one repair round/);
    assert.equal(server.chatRequests().length, 2);
  });

  it('falls back to offline when the endpoint times out', async () => {
    server = await startFakeOpenAiServer({ reply: { delayMs: 1500, json: {} } });
    const result = await classifyIncident({ text }, { model: modelFor(server, 200), jsonModeMemory: new JsonModeMemory() });
    assert.equal(result.source, 'offline');
    assert.match(result.fallbackReason ?? '', /did not answer/);
  });

  it('falls back when the server errors, but cancellation propagates', async () => {
    server = await startFakeOpenAiServer({ reply: { status: 500 } });
    const failed = await classifyIncident({ text }, { model: modelFor(server), jsonModeMemory: new JsonModeMemory() });
    assert.equal(failed.source, 'offline');
    server.setReply({ delayMs: 1000, json: {} });
    const controller = new AbortController();
    const pending = classifyIncident({ text }, { model: modelFor(server), signal: controller.signal, jsonModeMemory: new JsonModeMemory() });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, LlmAbortError);
  });

  it('turns retrieved chunks into one ranked vote per runbook', () => {
    const votes = votesFromHits([hit('a', 'Network', 1), hit('a', 'Network', 0.9), hit('b', undefined, 0.5), hit('c', 'Database', 0.3)]);
    assert.deepEqual(votes, [
      { runbookId: 'a', category: 'Network', rank: 0 },
      { runbookId: 'b', category: undefined, rank: 1 },
      { runbookId: 'c', category: 'Database', rank: 2 },
    ]);
  });
});
