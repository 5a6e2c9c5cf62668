/** A rolling median/MAD baseline over the last `capacity` healthy windows: one bad window cannot drag it. */
export class RobustBaseline {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 30) {}

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.values.length < this.capacity) this.values.push(value);
    else {
      this.values[this.next] = value;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  get count(): number {
    return this.values.length;
  }

  median(): number {
    return median(this.values);
  }

  /** Median absolute deviation scaled to a standard deviation (×1.4826 for normal data). */
  spread(): number {
    const m = this.median();
    return 1.4826 * median(this.values.map((v) => Math.abs(v - m)));
  }

  /** Robust z of `value`; `minSpread` keeps a flat baseline (MAD 0) from turning noise into huge z. */
  z(value: number, minSpread: number): number {
    return (value - this.median()) / Math.max(this.spread(), minSpread);
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of `values` by nearest rank; sorts a copy. */
export function quantile(values: readonly number[], q: number): number {
  return quantileInPlace(Float64Array.from(values), q);
}

/**
 * The q-quantile (0..1) of `values` by nearest rank, reordering `values` in place: a quickselect, linear on average,
 * since a window's latency p95 is taken over thousands of samples and a full sort cost more than the records did.
 */
export function quantileInPlace(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  const k = Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1));
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed input linear.
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) swap(values, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}

/** How many Poisson standard deviations `observed` lies above `expected` (expected floored at 1). */
export function poissonZ(observed: number, expected: number): number {
  const e = Math.max(expected, 1);
  return (observed - e) / Math.sqrt(e);
}

/** P(X ≥ k) for X ~ Poisson(lambda), summed in log space so large k neither overflows nor underflows. */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // P(X ≥ k) = 1 − P(X ≤ k−1); for k far above lambda, sum the upper terms directly (they shrink fast).
  if (k > lambda) {
    let logTerm = k * Math.log(lambda) - lambda - logFactorial(k);
    let sum = 0;
    for (let i = k; i < k + 1000; i++) {
      const term = Math.exp(logTerm);
      sum += term;
      if (term < sum * 1e-12) break;
      logTerm += Math.log(lambda) - Math.log(i + 1);
    }
    return Math.min(1, sum);
  }
  let logTerm = -lambda;
  let cdf = 0;
  for (let i = 0; i < k; i++) {
    cdf += Math.exp(logTerm);
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.max(0, 1 - cdf);
}

function logFactorial(n: number): number {
  if (n < 2) return 0;
  if (n < 30) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  // Stirling with the 1/12n term: error far below what a significance threshold cares about.
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n);
}
