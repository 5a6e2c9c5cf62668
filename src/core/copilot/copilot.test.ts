import type { Anomaly } from '../detection/anomaly';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { OpenAiCompatibleChatModel } from '../llm/openAiCompatibleChatModel';
import { FakeOpenAiServer, startFakeOpenAiServer } from '../../test/fakes/fakeOpenAiServer';
import { RunbookLibrary } from '../runbooks/runbookLibrary';
import { nullLogger } from '../logger';
import type { ChatModel } from '../llm/chatModel';
import { checkCommand } from '../safety/commandSafety';
import { Copilot, CopilotOptions } from './copilot';
import { endpointProvider, ModelProvider, probeEndpoint } from './modelProvider';
import { isLoopbackUrl, shouldRedact } from './redactingChatModel';
import { retrievalFromLibrary, RunbookRetrieval } from './runbookRetrieval';

const runbookDir = path.join(__dirname, '../../../runbooks');
/** Stands in for the safety module's redactor: these tests are about where redaction happens, not how. */
const redact = (text: string): string => text.replace(/sk-[A-Za-z0-9]{20,}/g, '[REDACTED]');

function staticProvider(model: ChatModel | undefined, isLocal = true, kind: ModelProvider['kind'] = 'openai-compatible'): ModelProvider {
  return { kind, isLocal, resolve: async () => model };
}

describe('Copilot', () => {
  let server: FakeOpenAiServer | undefined;
  let retrieval: RunbookRetrieval;
  before(async () => {
    const library = new RunbookLibrary({ sources: [{ dir: runbookDir, origin: 'shipped' }], log: nullLogger });
    await library.refresh();
    retrieval = retrievalFromLibrary(library);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const options = (partial: Partial<CopilotOptions>): CopilotOptions => ({
    mode: 'auto',
    retrieval,
    checkCommand,
    redact,
    redactPolicy: 'remote',
    ...partial,
  });

  it('streams an answer from the endpoint with runbook citations and names who answered', async () => {
    server = await startFakeOpenAiServer({
      reply: { content: 'Check `df -i` first: inodes may be exhausted [disk-full:42]. Then free space.', chunkChars: 7 },
    });
    const model = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake-model', maxRetries: 0 });
    const copilot = new Copilot(options({ endpoint: staticProvider(model) }));
    const chunks: string[] = [];
    const result = await copilot.ask('Writes fail with No space left on device, what do I check?', {}, { onChunk: (c) => chunks.push(c) });
    assert.ok(chunks.length > 3, 'streamed in several chunks');
    assert.equal(chunks.join(''), result.answer);
    assert.equal(result.provider, 'openai-compatible');
    assert.match(result.answeredBy, /fake-model/);
    const disk = result.citations.find((c) => c.runbookId === 'disk-full');
    assert.ok(disk?.cited, 'the runbook the answer names is marked cited');
    assert.ok(disk.file.endsWith('disk-full.md') && disk.line > 0);
    const body = server.chatRequests()[0]!.body;
    assert.equal(body.stream, true);
    assert.match(body.messages.at(-1).content, /<<<RUNBOOK id="disk-full"/);
  });

  it('answers from runbooks alone when offline, with citations', async () => {
    const copilot = new Copilot(options({ mode: 'none' }));
    const chunks: string[] = [];
    const result = await copilot.ask('pods in CrashLoopBackOff after the deploy', {}, { onChunk: (c) => chunks.push(c) });
    assert.equal(result.provider, 'none');
    assert.match(result.answer, /no language model/);
    assert.match(result.answer, /\[crashloop-backoff:\d+\]/);
    assert.ok(result.citations.some((c) => c.runbookId === 'crashloop-backoff' && c.cited));
    assert.equal(chunks.join(''), result.answer);
  });

  it('keeps a specific question\'s runbook first when the current anomalies are about something else', async () => {
    const copilot = new Copilot(options({ mode: 'none' }));
    const oom: Anomaly = {
      id: 'a-oom',
      type: 'resource_exhaustion',
      severity: 'error',
      score: 9,
      title: 'Resource exhaustion: out of memory',
      explanation: '8 out of memory lines',
      file: '/var/log/app/worker.log',
      firstLine: 159,
      lastLine: 174,
      evidence: [{ line: 161, text: 'ERROR [worker-3] java.lang.OutOfMemoryError: Java heap space while processing batch 2489' }],
      window: { startLine: 159, endLine: 174 },
      templateIds: [],
      metrics: { count: 8 },
    };
    const specific = await copilot.ask('why does postgres say FATAL: sorry, too many clients already?', { anomalies: [oom] });
    assert.equal(specific.citations[0]?.runbookId, 'db-connection-pool-exhausted');
    assert.ok(specific.citations.slice(0, 2).some((c) => c.runbookId === 'oom-killed' || c.runbookId === 'memory-leak'), 'the anomalies\' runbook comes right after');
    const vague = await copilot.ask('what is going on?', { anomalies: [oom] });
    assert.ok(vague.citations.slice(0, 2).some((c) => c.runbookId === 'oom-killed' || c.runbookId === 'memory-leak'));
  });

  it('falls back to the offline answer when the endpoint fails before streaming', async () => {
    server = await startFakeOpenAiServer({ reply: { status: 500 } });
    const model = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake-model', maxRetries: 0 });
    const copilot = new Copilot(options({ mode: 'openai-compatible', endpoint: staticProvider(model) }));
    const result = await copilot.ask('replication lag on the replica keeps growing');
    assert.equal(result.provider, 'none');
    assert.ok(result.fallbackReason);
    assert.match(result.answer, /db-replication-lag/);
  });

  it('auto picks the editor model when the endpoint does not answer, and offline when neither does', async () => {
    const editor: ChatModel = { id: 'vscode-lm:x', describe: () => 'Copilot gpt-x', chat: async function* () { yield 'hi'; }, complete: async () => 'hi' };
    const down = endpointProvider(editor, async () => false, true);
    const copilot = new Copilot(options({ endpoint: down, editorModel: staticProvider(editor, false, 'vscode-lm') }));
    const choice = await copilot.selectModel();
    assert.equal(choice.provider, 'vscode-lm');
    assert.equal(choice.redacting, true, 'editor models are remote: redacted under the default policy');
    const none = await new Copilot(options({ endpoint: down })).selectModel();
    assert.equal(none.provider, 'none');
    assert.match(none.description, /no endpoint answered/);
  });

  it('redacts what is sent when the policy says so', async () => {
    server = await startFakeOpenAiServer({ reply: { content: 'Rotate it.' } });
    const model = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake-model', maxRetries: 0 });
    const secret = 'sk-abcdefghijklmnopqrstuvwxyz012345';
    const local = new Copilot(options({ endpoint: staticProvider(model, true), redactPolicy: 'remote' }));
    await local.ask(`what now? key ${secret} was in the log`);
    assert.match(JSON.stringify(server.chatRequests()[0]!.body), new RegExp(secret), 'loopback endpoints get the text as is under "remote"');
    const always = new Copilot(options({ endpoint: staticProvider(model, true), redactPolicy: 'always' }));
    await always.ask(`what now? key ${secret} was in the log`);
    const sent = JSON.stringify(server.chatRequests()[1]!.body);
    assert.doesNotMatch(sent, new RegExp(secret));
    assert.match(sent, /\[REDACTED\]/);
  });

  it('classifies and remediates through the selected model, falling back per workflow', async () => {
    server = await startFakeOpenAiServer({ reply: { content: 'not json at all' } });
    const model = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake-model', maxRetries: 0 });
    const copilot = new Copilot(options({ endpoint: staticProvider(model) }));
    const plan = await copilot.remediate({ text: 'java.io.IOException: No space left on device while writing /data/segments' });
    assert.equal(plan.classification.category, 'Hardware');
    assert.equal(plan.classification.source, 'offline');
    assert.ok(plan.classification.fallbackReason);
    assert.equal(plan.source, 'offline');
    assert.equal(plan.runbookId, 'disk-full');
    assert.ok(plan.fallbackReason);
  });
});

describe('redaction policy', () => {
  it('treats only loopback hosts as local', () => {
    for (const url of ['http://127.0.0.1:11434/v1', 'http://localhost:8000/v1', 'http://[::1]:8080/v1', 'http://127.8.9.1/v1']) assert.equal(isLoopbackUrl(url), true, url);
    for (const url of ['https://api.openai.com/v1', 'http://10.0.0.5:11434/v1', 'http://localhost.evil.com/v1', 'not a url', 'http://127.0.0.1.nip.io/v1']) {
      assert.equal(isLoopbackUrl(url), false, url);
    }
    assert.equal(shouldRedact('remote', true), false);
    assert.equal(shouldRedact('remote', false), true);
    assert.equal(shouldRedact('always', true), true);
    assert.equal(shouldRedact('never', false), false);
  });

  it('probes an endpoint quickly and reports a stopped one as unavailable', async () => {
    const server = await startFakeOpenAiServer();
    assert.equal(await probeEndpoint({ baseUrl: server.url }), true);
    const url = server.url;
    await server.close();
    assert.equal(await probeEndpoint({ baseUrl: url, timeoutMs: 500 }), false);
  });
});
