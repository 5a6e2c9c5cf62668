import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { feedbackItem } from '../../test/fakes/feedbackItems';
import { classificationSchema, IncidentCategory } from '../incidents/incident';
import { classifyOffline } from '../incidents/offlineClassifier';
import { evaluateCorrections } from './correctionEval';
import type { FeedbackItem } from './feedbackRecord';
import { labelledExamples, TunedOfflineClassifier, tuneCueWeights } from './classifierTuning';

const rows = readFileSync(path.join(__dirname, '../../test/fixtures/incidents/incidents.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { text: string; category: IncidentCategory });

function correction(text: string, to: IncidentCategory, at?: number): FeedbackItem {
  const predicted = classifyOffline({ text });
  return feedbackItem({ ...(at ? { at } : {}), predictedCategory: predicted.category, verdict: 'down', correctedCategory: to, inputText: text });
}

function accuracy(items: readonly { text: string; category: IncidentCategory }[], classify: (text: string) => IncidentCategory): number {
  return items.filter((r) => classify(r.text) === r.category).length / items.length;
}

describe('classifier tuning from feedback', () => {
  const dnsIncident = 'CoreDNS pods were throttled; DNS lookups inside the cluster took 5 s and services reported slow responses';

  it('lets a correction change a later similar (not identical) classification', () => {
    const similar = 'coredns throttled again: DNS lookups in the payments namespace took 8 s';
    assert.equal(classifyOffline({ text: dnsIncident }).category, 'Performance');
    assert.equal(classifyOffline({ text: similar }).category, 'Performance');
    const tuned = new TunedOfflineClassifier([correction(dnsIncident, 'Network')]);
    const result = tuned.classify({ text: similar });
    assert.equal(result.category, 'Network');
    assert.equal(result.override, undefined, 'decided by tuned weights, not by the near-duplicate override');
  });

  it('does not break the rest of the labelled set after the corrections it learned from', () => {
    const wrong = rows.filter((r) => classifyOffline({ text: r.text }).category !== r.category);
    const rest = rows.filter((r) => !wrong.includes(r));
    const tuned = new TunedOfflineClassifier(wrong.map((r) => correction(r.text, r.category)));
    const base = accuracy(rest, (text) => classifyOffline({ text }).category);
    assert.equal(accuracy(rest, (text) => tuned.classify({ text }).category), base);
    assert.equal(accuracy(wrong, (text) => tuned.classify({ text }).category), 1);
  });

  it('stays bounded under many wrong-headed corrections', () => {
    // Someone keeps relabelling pool exhaustion as Security: the tuning must stay within its bounds and the other
    // categories must survive.
    const hostile = Array.from({ length: 40 }, (_, i) =>
      correction(`HikariPool-1 - Connection is not available, request timed out after ${30000 + i}ms on orders-api`, 'Security'),
    );
    const adjustments = tuneCueWeights(labelledExamples(hostile));
    for (const value of adjustments.cueMultipliers!.values()) assert.ok(value >= 0.8 && value <= 1.6, String(value));
    for (const value of Object.values(adjustments.categoryBias!)) assert.ok(Math.abs(value!) <= 0.4, String(value));
    const tuned = new TunedOfflineClassifier(hostile);
    const others = rows.filter((r) => r.category !== 'Database');
    const base = accuracy(others, (text) => classifyOffline({ text }).category);
    assert.ok(accuracy(others, (text) => tuned.classify({ text }).category) >= base - 0.05);
  });

  it('overrides with the label of a nearly identical corrected incident and says why', () => {
    const text = 'Alert: queue orders-events consumer group billing lag 48211 messages and growing';
    const base = classifyOffline({ text });
    const target: IncidentCategory = base.category === 'Application' ? 'Database' : 'Application';
    const tuned = new TunedOfflineClassifier([correction(text, target)]);
    const repeat = tuned.classify({ text: 'Alert: queue orders-events consumer group billing lag 51877 messages and growing' });
    assert.equal(repeat.category, target);
    assert.ok(repeat.override && repeat.override.similarity >= 0.8);
    assert.match(repeat.rationale, /similar to an incident a person labelled/);
    assert.equal(classificationSchema.safeParse(repeat).success, true);
    const unrelated = tuned.classify({ text: 'TLS handshake failed: certificate has expired for api.example.com' });
    assert.equal(unrelated.override, undefined);
    assert.equal(unrelated.category, 'Network');
  });

  it('lets the newest label win between two identical examples', () => {
    const text = 'nightly export job exited with code 137';
    const tuned = new TunedOfflineClassifier([correction(text, 'Hardware', Date.UTC(2026, 0, 1)), correction(text, 'Performance', Date.UTC(2026, 0, 2))]);
    assert.equal(tuned.nearest(text)?.example.category, 'Performance');
  });

  it('measures held-out accuracy before and after 30 feedback items without leaking the held-out half', () => {
    const result = evaluateCorrections(rows, { feedbackCount: 30 });
    assert.equal(result.trainPool + result.heldOut, rows.length);
    assert.equal(result.corrections + result.confirmations, 30);
    assert.equal(result.feedbackAfter, 1);
    assert.equal(result.broken, 0);
    assert.ok(result.heldOutAfter >= result.heldOutBefore);
  });
});
