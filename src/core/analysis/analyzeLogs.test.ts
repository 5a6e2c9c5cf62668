import assert from 'node:assert/strict';
import * as path from 'node:path';
import { sampleAnomaly } from '../../test/fakes/samplePlan';
import { startFakeOpenAiServer } from '../../test/fakes/fakeOpenAiServer';
import { OpenAiCompatibleChatModel } from '../llm/openAiCompatibleChatModel';
import { JsonModeMemory } from '../llm/completeStructured';
import { RunbookLibrary } from '../runbooks/runbookLibrary';
import { nullLogger } from '../logger';
import type { LogTemplate } from '../templates/logTemplate';
import { retrievalFromLibrary } from '../copilot/runbookRetrieval';
import { analyzeLogs, digestFromAnomaly, LogDigest } from './analyzeLogs';

const templates: LogTemplate[] = [
  { id: 't0', text: 'GET <*> completed with status 200 in <*>', count: 9000, firstLine: 1, lastLine: 10000 },
  { id: 't1', text: 'HikariPool-1 - Connection is not available, request timed out after <*>', count: 412, firstLine: 120, lastLine: 180 },
  { id: 't2', text: 'cache hit for key <*>', count: 500, firstLine: 3, lastLine: 9990 },
  { id: 't3', text: 'failed to send metrics batch: connection reset', count: 3, firstLine: 50, lastLine: 7000 },
];

describe('analyzeLogs', () => {
  const library = new RunbookLibrary({ sources: [{ dir: path.join(__dirname, '../../../runbooks'), origin: 'shipped' }], log: nullLogger });
  const retrieval = retrievalFromLibrary(library);
  const digest: LogDigest = { source: 'logs/app.log', lineCount: 10000, templates, anomalies: [sampleAnomaly()] };

  it('summarises offline: anomalies from the detector, patterns, severity and actions with runbooks', async () => {
    const analysis = await analyzeLogs(digest, { retrieval });
    assert.equal(analysis.source, 'offline');
    assert.match(analysis.summary, /app\.log: 10,000 lines, 4 distinct message templates\. 1 anomaly \(1 error\)/);
    assert.match(analysis.summary, /Database\//);
    assert.equal(analysis.anomalies[0]!.id, 'an-1');
    assert.equal(analysis.patterns[0]!.template, templates[1]!.text, 'the anomaly template comes first');
    assert.ok(analysis.patterns.some((p) => p.template === templates[3]!.text && p.note === 'error-like message'));
    assert.equal(analysis.severity, 'high');
    assert.equal(analysis.runbooks[0]!.runbookId, 'db-connection-pool-exhausted');
    assert.ok(analysis.suggestedActions.some((a) => a.includes('remediate --anomaly an-1')));
  });

  it('rates a quiet file low and says no anomalies were found', async () => {
    const analysis = await analyzeLogs({ source: 'quiet.log', lineCount: 500, templates: [templates[0]!, templates[2]!], anomalies: [] });
    assert.equal(analysis.severity, 'low');
    assert.match(analysis.summary, /no anomalies/);
  });

  it('lets a model write the summary but keeps the detector anomalies, and falls back when it fails', async () => {
    const server = await startFakeOpenAiServer({
      reply: { json: { summary: 'The orders DB pool is exhausted.', severity: 'critical', patterns: [{ template: templates[1]!.text, meaning: 'pool wait timeouts' }], suggestedActions: ['Check pg_stat_activity'] } },
    });
    try {
      const model = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake-model', maxRetries: 0 });
      const analysis = await analyzeLogs(digest, { model, retrieval, jsonModeMemory: new JsonModeMemory() });
      assert.equal(analysis.source, 'llm');
      assert.equal(analysis.summary, 'The orders DB pool is exhausted.');
      assert.equal(analysis.anomalies.length, 1);
      assert.equal(analysis.patterns[0]!.note, 'pool wait timeouts');
      server.setReply({ status: 500 });
      const fallback = await analyzeLogs(digest, { model, retrieval, jsonModeMemory: new JsonModeMemory() });
      assert.equal(fallback.source, 'offline');
      assert.match(fallback.fallbackReason ?? '', /did not answer/);
    } finally {
      await server.close();
    }
  });

  it('analyses one anomaly on its own', async () => {
    const analysis = await analyzeLogs(digestFromAnomaly(sampleAnomaly(), templates));
    assert.equal(analysis.patterns.length, 1);
    assert.match(analysis.summary, /logs\/app\.log lines 120-180|app\.log lines 120-180/);
  });
});
