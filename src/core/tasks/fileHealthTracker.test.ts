import assert from 'node:assert/strict';
import { FileHealthTracker } from './fileHealthTracker';
import { evaluateLiveCheck } from './liveChecks';

const ok = { level: 'info' as const, fields: {} };
const error = { level: 'error' as const, fields: {} };

describe('FileHealthTracker', () => {
  it('reports the recent error rate against a median baseline of earlier windows', () => {
    const tracker = new FileHealthTracker({ windowRecords: 100, minBaselineWindows: 3 });
    // Five healthy windows at 2% errors.
    for (let w = 0; w < 5; w++) for (let i = 0; i < 100; i++) tracker.observe('app.log', i < 2 ? error : ok);
    assert.deepEqual(tracker.health('app.log'), { errorRate: 0.02, baselineErrorRate: 0.02, p95Ms: undefined, baselineP95Ms: undefined });
    // An incident: 40% errors for one window. The baseline (median) does not move.
    for (let i = 0; i < 100; i++) tracker.observe('app.log', i < 40 ? error : ok);
    assert.equal(tracker.health('app.log')!.errorRate, 0.4);
    assert.equal(tracker.health('app.log')!.baselineErrorRate, 0.02);
    const spec = { kind: 'errorRateBelow' as const, file: 'app.log', threshold: 'baseline' as const };
    const now = Date.UTC(2026, 0, 1);
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: tracker.snapshot() })?.status, 'failing');
    // Fixed: the next window is back to 1%.
    for (let i = 0; i < 100; i++) tracker.observe('app.log', i < 1 ? error : ok);
    assert.equal(tracker.health('app.log')!.errorRate, 0.01);
    assert.equal(evaluateLiveCheck(spec, now, { now, activeAnomalies: [], files: tracker.snapshot() })?.status, 'passing');
  });

  it('counts 5xx statuses as errors and tracks p95 latency', () => {
    const tracker = new FileHealthTracker({ windowRecords: 20, minBaselineWindows: 1 });
    for (let i = 0; i < 20; i++) tracker.observe('access.log', { level: undefined, fields: { status: i === 0 ? 503 : 200, latencyMs: (i + 1) * 10 } });
    const health = tracker.health('access.log')!;
    assert.equal(health.errorRate, 0.05);
    assert.equal(health.p95Ms, 190);
    assert.equal(health.baselineP95Ms, 190);
  });

  it('has no baseline until enough windows have passed, and forgets a reset file', () => {
    const tracker = new FileHealthTracker({ windowRecords: 10, minBaselineWindows: 3 });
    for (let i = 0; i < 25; i++) tracker.observe('a.log', ok);
    assert.equal(tracker.health('a.log')!.baselineErrorRate, undefined);
    tracker.reset('a.log');
    assert.equal(tracker.health('a.log'), undefined);
  });
});
