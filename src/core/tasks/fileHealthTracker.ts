/**
 * Per-file health for live checks: the error rate and p95 latency of each file's most recent records, and a
 * baseline (the median over recent completed windows, so a short incident does not become the norm). The detector
 * keeps its own baselines privately; this is the small public gauge that "error rate back under baseline" needs.
 */
import type { LogRecord } from '../logs/logRecord';
import type { FileHealth } from './liveChecks';

export interface FileHealthOptions {
  /** Records per window: the "now" figure covers the last this-many records. */
  windowRecords?: number;
  /** Completed windows the baseline is the median of. */
  baselineWindows?: number;
  /** Completed windows needed before there is a baseline at all. */
  minBaselineWindows?: number;
}

interface FileState {
  /** 1 = error, 0 = not, for the current window's records in arrival order (ring). */
  errors: Uint8Array;
  latencies: number[];
  next: number;
  filled: number;
  errorCount: number;
  sinceWindow: number;
  windowErrorRates: number[];
  windowP95s: number[];
}

export class FileHealthTracker {
  private readonly files = new Map<string, FileState>();
  private readonly windowRecords: number;
  private readonly baselineWindows: number;
  private readonly minBaselineWindows: number;

  constructor(options: FileHealthOptions = {}) {
    this.windowRecords = options.windowRecords ?? 200;
    this.baselineWindows = options.baselineWindows ?? 30;
    this.minBaselineWindows = options.minBaselineWindows ?? 3;
  }

  observe(file: string, record: Pick<LogRecord, 'level' | 'fields'>): void {
    let state = this.files.get(file);
    if (!state) {
      state = { errors: new Uint8Array(this.windowRecords), latencies: [], next: 0, filled: 0, errorCount: 0, sinceWindow: 0, windowErrorRates: [], windowP95s: [] };
      this.files.set(file, state);
    }
    const isError = record.level === 'error' || record.level === 'fatal' || (record.fields.status ?? 0) >= 500 ? 1 : 0;
    if (state.filled === this.windowRecords) state.errorCount -= state.errors[state.next];
    else state.filled++;
    state.errors[state.next] = isError;
    state.errorCount += isError;
    state.next = (state.next + 1) % this.windowRecords;
    if (record.fields.latencyMs !== undefined) {
      state.latencies.push(record.fields.latencyMs);
      if (state.latencies.length > this.windowRecords) state.latencies.shift();
    }
    // Every full window of new records closes one baseline sample.
    if (++state.sinceWindow === this.windowRecords) {
      state.sinceWindow = 0;
      pushBounded(state.windowErrorRates, state.errorCount / state.filled, this.baselineWindows);
      const p95 = percentile95(state.latencies);
      if (p95 !== undefined) pushBounded(state.windowP95s, p95, this.baselineWindows);
    }
  }

  health(file: string): FileHealth | undefined {
    const state = this.files.get(file);
    if (!state || state.filled === 0) return undefined;
    const enough = (samples: number[]) => samples.length >= this.minBaselineWindows;
    return {
      errorRate: state.errorCount / state.filled,
      baselineErrorRate: enough(state.windowErrorRates) ? median(state.windowErrorRates) : undefined,
      p95Ms: percentile95(state.latencies),
      baselineP95Ms: enough(state.windowP95s) ? median(state.windowP95s) : undefined,
    };
  }

  /** Every file's health, for a DetectorSnapshot. */
  snapshot(): Map<string, FileHealth> {
    const out = new Map<string, FileHealth>();
    for (const file of this.files.keys()) {
      const health = this.health(file);
      if (health) out.set(file, health);
    }
    return out;
  }

  /** The file was truncated, rotated or closed: start over. */
  reset(file: string): void {
    this.files.delete(file);
  }
}

function pushBounded(values: number[], value: number, max: number): void {
  values.push(value);
  if (values.length > max) values.shift();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile95(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}
