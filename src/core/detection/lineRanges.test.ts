import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { LineRanges } from './lineRanges';
import { RobustBaseline, poissonTail, quantile, quantileInPlace } from './robustBaseline';

describe('LineRanges', () => {
  it('merges adjacent and overlapping lines into ranges and counts each line once', () => {
    const set = new LineRanges();
    for (const [a, b] of [[1, 1], [2, 3], [3, 5], [9, 9], [10, 12], [20, 20]] as const) set.add(a, b);
    assert.deepEqual(set.ranges(), [[1, 5], [9, 12], [20, 20]]);
    assert.equal(set.size, 10);
    assert.ok(set.has(4) && set.has(11) && !set.has(6) && !set.has(21));
  });

  it('stays within its range budget by widening the last range', () => {
    const set = new LineRanges(3);
    for (let line = 1; line <= 20; line += 2) set.add(line);
    assert.equal(set.ranges().length, 3);
    assert.equal(set.last, 19);
    assert.ok(set.has(19));
  });
});

describe('robust statistics', () => {
  it('ignores one outlier in the median/MAD baseline', () => {
    const baseline = new RobustBaseline(10);
    for (const v of [1, 1.2, 0.9, 1.1, 1, 50]) baseline.add(v);
    assert.ok(baseline.median() < 1.2);
    assert.ok(baseline.z(5, 0.01) > 3);
  });

  it('selects the same nearest-rank quantile as a full sort, duplicates and sorted runs included', () => {
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    for (let trial = 0; trial < 400; trial++) {
      const length = 1 + (next() % 300);
      const values = new Float64Array(length);
      const shape = trial % 4;
      for (let i = 0; i < length; i++) values[i] = shape === 0 ? next() % 7 : shape === 1 ? i : shape === 2 ? length - i : (next() % 100000) / 10;
      for (const q of [0, 0.5, 0.95, 0.99, 1]) {
        const sorted = Float64Array.from(values).sort();
        const expected = sorted[Math.min(length - 1, Math.max(0, Math.ceil(q * length) - 1))];
        assert.equal(quantileInPlace(Float64Array.from(values), q), expected, `trial ${trial} q ${q}`);
      }
    }
  });

  it('computes Poisson tails and quantiles', () => {
    assert.ok(Math.abs(poissonTail(1, 2) - (1 - Math.exp(-2))) < 1e-12);
    assert.ok(poissonTail(7, 0.3) < 1e-6 && poissonTail(3, 0.3) > 1e-3);
    assert.ok(poissonTail(200, 100) < 1e-15);
    assert.equal(quantile([5, 1, 4, 2, 3], 0.95), 5);
    assert.equal(quantile([5, 1, 4, 2, 3], 0.5), 3);
  });
});
