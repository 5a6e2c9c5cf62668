import assert from 'node:assert/strict';
import { sampleAnomaly } from '../../test/fakes/samplePlan';
import { evaluateLiveCheck, FileHealth, parseSuccessCriterion } from './liveChecks';

const context = { file: 'logs/app.log', anomalyIds: ['an-1'] };

describe('parseSuccessCriterion', () => {
  it('reads "error rate back under baseline on app.log" as an error-rate check on that file', () => {
    assert.deepEqual(parseSuccessCriterion('Error rate back under baseline on app.log', context), [
      { kind: 'errorRateBelow', file: 'logs/app.log', threshold: 'baseline' },
    ]);
    assert.deepEqual(parseSuccessCriterion('Error rate back under baseline on api.log', context), [
      { kind: 'errorRateBelow', file: 'api.log', threshold: 'baseline' },
    ]);
  });

  it('uses an explicit percentage and falls back to the incident file', () => {
    assert.deepEqual(parseSuccessCriterion('5xx rate below 0.5% for checkout', context), [
      { kind: 'errorRateBelow', file: 'logs/app.log', threshold: 0.005 },
    ]);
  });

  it('reads latency thresholds in ms and s', () => {
    assert.deepEqual(parseSuccessCriterion('p95 latency under 300 ms', context), [{ kind: 'latencyBelow', file: 'logs/app.log', thresholdMs: 300 }]);
    assert.deepEqual(parseSuccessCriterion('p99 response time below 1.5s on api.log', context), [{ kind: 'latencyBelow', file: 'api.log', thresholdMs: 1500 }]);
    assert.deepEqual(parseSuccessCriterion('Latency returns to normal', context), [{ kind: 'latencyBelow', file: 'logs/app.log', thresholdMs: 'baseline' }]);
  });

  it('reads quiet periods in minutes and hours', () => {
    assert.deepEqual(parseSuccessCriterion('No new pool timeouts for 15 minutes', context), [{ kind: 'noNewAnomalies', file: 'logs/app.log', minutes: 15 }]);
    assert.deepEqual(parseSuccessCriterion('no OOM kills in the next 2 hours', context), [{ kind: 'noNewAnomalies', file: 'logs/app.log', minutes: 120 }]);
  });

  it('gives one anomaly-cleared check per incident anomaly', () => {
    assert.deepEqual(parseSuccessCriterion('The anomalies clear in the Problems panel', { anomalyIds: ['a', 'b'] }), [
      { kind: 'anomalyCleared', anomalyId: 'a' },
      { kind: 'anomalyCleared', anomalyId: 'b' },
    ]);
  });

  it('leaves criteria with nothing measurable as manual', () => {
    assert.deepEqual(parseSuccessCriterion('Customers confirm checkout works', context), [{ kind: 'manual' }]);
    assert.deepEqual(parseSuccessCriterion('The anomaly clears', { anomalyIds: [] }), [{ kind: 'manual' }]);
  });
});

describe('evaluateLiveCheck', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const files = (health: FileHealth) => new Map([['logs/app.log', health]]);

  it('passes an error-rate check at or under baseline and fails above it', () => {
    const spec = { kind: 'errorRateBelow' as const, file: 'logs/app.log', threshold: 'baseline' as const };
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: files({ errorRate: 0.01, baselineErrorRate: 0.012 }) })?.status, 'passing');
    const failing = evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: files({ errorRate: 0.2, baselineErrorRate: 0.012 }) });
    assert.equal(failing?.status, 'failing');
    assert.match(failing!.detail, /20\.0% vs baseline 1\.20%/);
  });

  it('finds a file the criterion named by basename', () => {
    const spec = { kind: 'errorRateBelow' as const, file: 'app.log', threshold: 0.05 };
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: files({ errorRate: 0.01 }) })?.status, 'passing');
  });

  it('stays pending without data instead of guessing', () => {
    const spec = { kind: 'errorRateBelow' as const, file: 'logs/app.log', threshold: 'baseline' as const };
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: new Map() })?.status, 'pending');
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: files({ errorRate: 0.01 }) })?.status, 'pending');
  });

  it('follows an anomaly until it clears', () => {
    const spec = { kind: 'anomalyCleared' as const, anomalyId: 'an-1' };
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [sampleAnomaly()], files: new Map() })?.status, 'failing');
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [sampleAnomaly({ id: 'other' })], files: new Map() })?.status, 'passing');
  });

  it('counts a quiet period from when the check was armed', () => {
    const spec = { kind: 'noNewAnomalies' as const, file: 'logs/app.log', minutes: 15 };
    const armedAt = now - 10 * 60000;
    assert.equal(evaluateLiveCheck(spec, armedAt, { now, activeAnomalies: [], files: new Map() })?.status, 'pending');
    assert.equal(evaluateLiveCheck(spec, armedAt, { now: now + 5 * 60000, activeAnomalies: [], files: new Map() })?.status, 'passing');
    assert.equal(evaluateLiveCheck(spec, armedAt, { now: now + 5 * 60000, activeAnomalies: [sampleAnomaly()], files: new Map() })?.status, 'failing');
    assert.equal(evaluateLiveCheck(spec, armedAt, { now: now + 5 * 60000, activeAnomalies: [sampleAnomaly({ file: 'other.log' })], files: new Map() })?.status, 'passing');
  });

  it('leaves manual checks to people', () => {
    assert.equal(evaluateLiveCheck({ kind: 'manual' }, now, { now, activeAnomalies: [], files: new Map() }), undefined);
  });
});
