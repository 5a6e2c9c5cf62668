import assert from 'node:assert/strict';
import { feedbackItem } from '../../test/fakes/feedbackItems';
import { classificationSchema } from '../incidents/incident';
import { exportFineTuningJsonl } from './fineTuningExport';

const items = [
  feedbackItem({ at: 3, predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Network', inputText: 'CoreDNS throttled; DNS lookups took 5 s from 10.1.2.3', note: 'DNS, not CPU' }),
  feedbackItem({ at: 1, predictedCategory: 'Database', verdict: 'up', inputText: 'FATAL: too many clients already' }),
  feedbackItem({ at: 2, predictedCategory: 'Security', verdict: 'down', inputText: 'odd logins' }),
  feedbackItem({ at: 4, target: 'plan', verdict: 'up', inputText: 'disk full' }),
];

describe('exportFineTuningJsonl', () => {
  it('writes one chat-format example per labelled classification, oldest first', () => {
    const result = exportFineTuningJsonl(items);
    assert.equal(result.exported, 2);
    assert.equal(result.skipped, 2);
    assert.ok(result.jsonl.endsWith('\n'));
    const lines = result.jsonl.trimEnd().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    for (const line of lines) {
      assert.deepEqual(Object.keys(line), ['messages']);
      assert.deepEqual(line.messages.map((m) => m.role), ['system', 'user', 'assistant']);
      assert.equal(classificationSchema.safeParse(JSON.parse(line.messages[2].content)).success, true);
    }
    assert.match(lines[0].messages[1].content, /too many clients/);
    assert.equal(JSON.parse(lines[0].messages[2].content).category, 'Database');
    const corrected = JSON.parse(lines[1].messages[2].content);
    assert.equal(corrected.category, 'Network');
    assert.equal(corrected.rationale, 'Network: DNS, not CPU');
    assert.equal(corrected.severity, 'high');
  });

  it('exports only corrections when asked, with the caller’s prompts and redaction', () => {
    const result = exportFineTuningJsonl(items, {
      include: 'corrections',
      systemPrompt: 'SYS',
      formatIncident: (text) => `<<${text}>>`,
      redact: (text) => text.replace(/\d+\.\d+\.\d+\.\d+/g, '[ip]'),
    });
    assert.equal(result.exported, 1);
    const line = JSON.parse(result.jsonl) as { messages: { role: string; content: string }[] };
    assert.equal(line.messages[0].content, 'SYS');
    assert.equal(line.messages[1].content, '<<CoreDNS throttled; DNS lookups took 5 s from [ip]>>');
  });

  it('gives an empty export when nothing is labelled', () => {
    assert.deepEqual(exportFineTuningJsonl([items[2]]), { jsonl: '', exported: 0, skipped: 1 });
  });
});
