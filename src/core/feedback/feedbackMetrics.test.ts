import assert from 'node:assert/strict';
import { feedbackItem, feedbackRun } from '../../test/fakes/feedbackItems';
import { computeAgreement, computeDrift } from './feedbackMetrics';

const t0 = Date.UTC(2026, 0, 1);

describe('computeAgreement', () => {
  it('counts agreement overall, per predicted category and for plans separately', () => {
    const metrics = computeAgreement([
      feedbackItem({ predictedCategory: 'Database' }),
      feedbackItem({ predictedCategory: 'Database', verdict: 'down', correctedCategory: 'Network' }),
      feedbackItem({ predictedCategory: 'Database', verdict: 'up', correctedCategory: 'Network' }),
      feedbackItem({ predictedCategory: 'Database', verdict: 'up', correctedCategory: 'Database' }),
      feedbackItem({ predictedCategory: 'Security', verdict: 'down' }),
      feedbackItem({ target: 'plan', verdict: 'up' }),
      feedbackItem({ target: 'plan', verdict: 'down' }),
      feedbackItem({ target: 'plan', verdict: 'down' }),
    ]);
    assert.deepEqual(metrics.classification, { total: 5, agreed: 2, rate: 0.4 });
    assert.deepEqual(metrics.byCategory.Database, { total: 4, agreed: 2, rate: 0.5 });
    assert.deepEqual(metrics.byCategory.Security, { total: 1, agreed: 0, rate: 0 });
    assert.deepEqual(metrics.byCategory.Hardware, { total: 0, agreed: 0, rate: undefined });
    assert.deepEqual(metrics.plan, { total: 3, agreed: 1, rate: 1 / 3 });
  });
});

describe('computeDrift', () => {
  it('compares the last 50 items with everything before them', () => {
    // Baseline: 30 items, 3 wrong (10%). Recent: 50 items, 20 wrong (40%).
    const items = [...feedbackRun(30, 3, t0), ...feedbackRun(50, 20, t0 + 10_000_000)];
    const report = computeDrift(items);
    assert.equal(report.baselineCount, 30);
    assert.equal(report.recentCount, 50);
    assert.equal(report.baselineErrorRate, 0.1);
    assert.equal(report.recentErrorRate, 0.4);
    assert.ok(Math.abs(report.drift! - 0.3) < 1e-12);
    assert.equal(report.exceeds, true);
  });

  it('orders by time, not by insertion, and ignores plan feedback', () => {
    const recent = feedbackRun(50, 20, t0 + 10_000_000);
    const baseline = feedbackRun(30, 3, t0);
    const plans = Array.from({ length: 40 }, () => feedbackItem({ target: 'plan', verdict: 'down', at: t0 + 20_000_000 }));
    const report = computeDrift([...recent, ...plans, ...baseline]);
    assert.equal(report.recentErrorRate, 0.4);
    assert.equal(report.baselineErrorRate, 0.1);
  });

  it('needs drift strictly above 0.2', () => {
    // Baseline 25 items, 5 wrong (20%); recent 50, 20 wrong (40%): drift exactly 0.2.
    const report = computeDrift([...feedbackRun(25, 5, t0), ...feedbackRun(50, 20, t0 + 10_000_000)]);
    assert.equal(report.drift, 0.2);
    assert.equal(report.exceeds, false);
    const above = computeDrift([...feedbackRun(25, 5, t0), ...feedbackRun(50, 21, t0 + 10_000_000)]);
    assert.ok(Math.abs(above.drift! - 0.22) < 1e-12);
    assert.equal(above.exceeds, true);
  });

  it('says nothing with fewer than 50 recent items or too small a baseline', () => {
    const fewRecent = computeDrift(feedbackRun(49, 40, t0));
    assert.equal(fewRecent.recentCount, 49);
    assert.equal(fewRecent.baselineErrorRate, undefined);
    assert.equal(fewRecent.drift, undefined);
    assert.equal(fewRecent.exceeds, false);
    const smallBaseline = computeDrift([...feedbackRun(19, 0, t0), ...feedbackRun(50, 50, t0 + 10_000_000)]);
    assert.equal(smallBaseline.drift, 1);
    assert.equal(smallBaseline.exceeds, false);
    assert.equal(computeDrift([...feedbackRun(19, 0, t0), ...feedbackRun(50, 50, t0 + 10_000_000)], { minBaselineItems: 10 }).exceeds, true);
  });

  it('does not report improvement as drift', () => {
    const report = computeDrift([...feedbackRun(30, 27, t0), ...feedbackRun(50, 0, t0 + 10_000_000)]);
    assert.ok(report.drift! < -0.8);
    assert.equal(report.exceeds, false);
  });
});
