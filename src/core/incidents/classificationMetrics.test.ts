import assert from 'node:assert/strict';
import { classificationMetrics, percentile } from './classificationMetrics';

describe('classificationMetrics', () => {
  it('computes accuracy, macro-F1 over present classes and the confusion matrix', () => {
    const m = classificationMetrics([
      { actual: 'Network', predicted: 'Network' },
      { actual: 'Network', predicted: 'Database' },
      { actual: 'Database', predicted: 'Database' },
      { actual: 'Database', predicted: 'Database' },
    ]);
    assert.equal(m.accuracy, 0.75);
    assert.equal(m.confusion.Network.Database, 1);
    assert.equal(m.perClass.Network.precision, 1);
    assert.equal(m.perClass.Network.recall, 0.5);
    assert.ok(Math.abs(m.perClass.Database.f1 - 0.8) < 1e-9);
    assert.ok(Math.abs(m.macroF1 - (2 / 3 + 0.8) / 2) < 1e-9, 'absent classes do not count');
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 95), 95);
    assert.equal(percentile([], 95), 0);
  });
});
