import assert from 'node:assert/strict';
import { feedbackItem } from '../../test/fakes/feedbackItems';
import { classificationSchema } from '../incidents/incident';
import { selectFewShotExamples, toFewShotMessages } from './fewShotExamples';

const corrections = [
  feedbackItem({ id: 'dns', predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Network', inputText: 'CoreDNS throttled; DNS lookups took 5 s in the cluster' }),
  feedbackItem({ id: 'disk', predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Hardware', inputText: 'RAID rebuild after a disk failure saturated IO on storage node 3' }),
  feedbackItem({ id: 'oom', predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Application', inputText: 'worker pods OOMKilled after the 2.4 release; memory grows per request' }),
  feedbackItem({ id: 'tls', predictedCategory: 'Security', verdict: 'down', correctedCategory: 'Network', inputText: 'TLS handshake failures to payments: certificate has expired' }),
  feedbackItem({ id: 'confirmed', predictedCategory: 'Network', verdict: 'up', inputText: 'DNS lookups failing with SERVFAIL from coredns' }),
  feedbackItem({ id: 'unlabelled', predictedCategory: 'Network', verdict: 'down', inputText: 'DNS lookups slow, coredns throttled' }),
];

describe('selectFewShotExamples', () => {
  it('puts the most similar correction first and only uses corrections by default', () => {
    const examples = selectFewShotExamples(corrections, 'coredns pods throttled again, DNS lookups take 7 s');
    assert.equal(examples[0].feedbackId, 'dns');
    assert.equal(examples[0].reply.category, 'Network');
    assert.ok(examples.every((e, i) => i === 0 || e.similarity <= examples[i - 1].similarity));
    assert.ok(!examples.some((e) => e.feedbackId === 'confirmed' || e.feedbackId === 'unlabelled'));
    for (const e of examples) assert.equal(classificationSchema.safeParse(e.reply).success, true);
  });

  it('includes confirmations when asked', () => {
    const examples = selectFewShotExamples(corrections, 'DNS lookups failing with SERVFAIL', { includeConfirmed: true });
    assert.equal(examples[0].feedbackId, 'confirmed');
  });

  it('bounds the count and the characters', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      feedbackItem({ predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Network', inputText: `dns lookups slow variant ${'x'.repeat(i)} ${'long text '.repeat(100)}` }),
    );
    assert.equal(selectFewShotExamples(many, 'dns lookups slow', { maxExamples: 3, minSimilarity: 0 }).length <= 3, true);
    const bounded = selectFewShotExamples(many, 'dns lookups slow', { maxExamples: 10, maxTotalChars: 1500, maxExampleChars: 300, minSimilarity: 0 });
    const size = bounded.reduce((sum, e) => sum + e.text.length + JSON.stringify(e.reply).length, 0);
    assert.ok(bounded.length > 0 && size <= 1500, `size ${size}`);
    assert.ok(bounded.every((e) => e.text.length <= 300));
  });

  it('collapses near-duplicates, keeping the newest label', () => {
    const older = feedbackItem({ at: 1000, id: 'old', predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Hardware', inputText: 'export job exited with code 137 on node 4' });
    const newer = feedbackItem({ at: 2000, id: 'new', predictedCategory: 'Performance', verdict: 'down', correctedCategory: 'Application', inputText: 'export job exited with code 137 on node 9' });
    const examples = selectFewShotExamples([older, newer], 'export job exited with code 137 on node 2');
    assert.deepEqual(examples.map((e) => e.feedbackId), ['new']);
  });

  it('returns nothing for an unrelated incident', () => {
    assert.deepEqual(selectFewShotExamples(corrections, 'quarterly invoice totals mismatch', { minSimilarity: 0.2 }), []);
  });

  it('turns examples into user/assistant turns, most similar last', () => {
    const examples = selectFewShotExamples(corrections, 'coredns throttled, DNS lookups slow', { maxExamples: 2, minSimilarity: 0 });
    const messages = toFewShotMessages(examples);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.match(messages[2].content, /CoreDNS throttled/);
    assert.equal(JSON.parse(messages[3].content).category, 'Network');
  });
});
