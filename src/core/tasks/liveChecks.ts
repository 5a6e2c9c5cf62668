/**
 * Success criteria as live checks: turn a plan's criterion text into something the detector can evaluate, and
 * evaluate it against a snapshot of detector state. Text that names nothing measurable stays a manual check.
 */
import type { Anomaly } from '../detection/anomaly';
import type { CheckStatus, LiveCheckSpec } from './incidentTask';

export interface LiveCheckContext {
  /** The incident's file: criteria that name no file are about this one. */
  file?: string;
  anomalyIds: string[];
}

const logFilePattern = /(?:^|[\s"'`(])((?:[\w.-]+\/)*[\w.-]+\.(?:log|out|err|txt|jsonl?|ndjson))\b/i;
const errorRatePattern = /\berror[- ]?rates?\b|\berror ratio\b|\b5xx(?: rate)?\b|\bfailure rate\b|\berrors? per\b/i;
const latencyPattern = /\blatency\b|\bp(?:50|90|95|99)\b|\bresponse times?\b|\brequest duration\b/i;
const clearedPattern =
  /\b(?:anomal(?:y|ies)|alerts?|diagnostics?|warnings?)\b[^.;]*?\b(?:clear(?:s|ed)?|resolv(?:es|ed)|gone|disappears?|no longer|stops? firing|go(?:es)? away)\b/i;
const quietPattern =
  /\bno (?:new |further |more )?(?:[\w-]+ ){0,3}?(?:errors?|anomal(?:y|ies)|alerts?|restarts?|oom ?kills?|failures?|timeouts?|occurrences?|exceptions?)\b[^.;]*?\b(?:for|over|in|during|within) (?:the )?(?:next |last |following |at least )?(\d+(?:\.\d+)?) ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b/i;
const percentPattern = /(\d+(?:\.\d+)?) ?%/;
const durationPattern = /(\d+(?:\.\d+)?) ?(ms|milliseconds?|s|secs?|seconds?)\b/i;
const belowPattern = /\b(?:under|below|less than|lower than|at most|within|back to|returns? to|drops? to|<=?)/i;
const baselinePattern = /\bbaseline\b|\bnormal\b|\bpre-incident\b|\bprevious levels?\b|\busual\b/i;

/**
 * Parses one success criterion into checks: usually one; "anomalies cleared" gives one per incident anomaly.
 * Returns `[{ kind: 'manual' }]` when nothing measurable is named.
 */
export function parseSuccessCriterion(criterion: string, context: LiveCheckContext): LiveCheckSpec[] {
  const spec = parseMeasurable(criterion, context);
  if (spec) return [spec];
  if (clearedPattern.test(criterion) && context.anomalyIds.length > 0) {
    return context.anomalyIds.map((anomalyId) => ({ kind: 'anomalyCleared', anomalyId }));
  }
  return [{ kind: 'manual' }];
}

function parseMeasurable(criterion: string, context: LiveCheckContext): LiveCheckSpec | undefined {
  const named = logFilePattern.exec(criterion)?.[1];
  // "on app.log" in a plan means the incident's own logs/app.log, not some other app.log.
  const file = named && !(context.file && pathEndsWith(context.file, named)) ? named : context.file;

  const quiet = quietPattern.exec(criterion);
  if (quiet) return { kind: 'noNewAnomalies', file, minutes: toMinutes(Number(quiet[1]), quiet[2]) };

  if (errorRatePattern.test(criterion) && (belowPattern.test(criterion) || baselinePattern.test(criterion))) {
    const percent = percentPattern.exec(criterion);
    return { kind: 'errorRateBelow', file, threshold: percent && !baselinePattern.test(criterion) ? Number(percent[1]) / 100 : 'baseline' };
  }

  if (latencyPattern.test(criterion) && (belowPattern.test(criterion) || baselinePattern.test(criterion))) {
    const duration = durationPattern.exec(criterion);
    if (duration && !baselinePattern.test(criterion)) {
      const value = Number(duration[1]);
      return { kind: 'latencyBelow', file, thresholdMs: /^ms|milli/i.test(duration[2]) ? value : value * 1000 };
    }
    return { kind: 'latencyBelow', file, thresholdMs: 'baseline' };
  }
  return undefined;
}

/** What the adapter knows about one watched file right now. Rates are 0–1, times in ms. */
export interface FileHealth {
  errorRate?: number;
  baselineErrorRate?: number;
  p95Ms?: number;
  baselineP95Ms?: number;
}

export interface DetectorSnapshot {
  /** Epoch ms. */
  now: number;
  /** Anomalies the detector currently reports (cleared ones are absent). */
  activeAnomalies: readonly Anomaly[];
  /** Keyed by the same file string anomalies carry. */
  files: ReadonlyMap<string, FileHealth>;
}

export interface LiveCheckResult {
  status: CheckStatus;
  detail: string;
}

/**
 * Evaluates a check against detector state. `armedAt` is when watching began. Returns undefined for manual checks
 * (only a person sets those). Missing data gives 'pending', never a guess.
 */
export function evaluateLiveCheck(spec: LiveCheckSpec, armedAt: number, snapshot: DetectorSnapshot): LiveCheckResult | undefined {
  switch (spec.kind) {
    case 'manual':
      return undefined;
    case 'anomalyCleared': {
      const active = snapshot.activeAnomalies.find((a) => a.id === spec.anomalyId);
      return active
        ? { status: 'failing', detail: `anomaly still active: ${active.title}` }
        : { status: 'passing', detail: 'the detector no longer reports this anomaly' };
    }
    case 'errorRateBelow': {
      const health = healthOf(snapshot, spec.file);
      const threshold = spec.threshold === 'baseline' ? health?.baselineErrorRate : spec.threshold;
      if (!spec.file) return { status: 'pending', detail: 'no file to watch' };
      if (health?.errorRate === undefined) return { status: 'pending', detail: `no recent records from ${spec.file}` };
      if (threshold === undefined) return { status: 'pending', detail: `no baseline yet for ${spec.file}` };
      const text = `error rate ${percent(health.errorRate)} vs ${spec.threshold === 'baseline' ? 'baseline ' : ''}${percent(threshold)} on ${spec.file}`;
      // At baseline counts as back to normal: a zero-error baseline would otherwise never pass.
      const ok = spec.threshold === 'baseline' ? health.errorRate <= threshold : health.errorRate < threshold;
      return { status: ok ? 'passing' : 'failing', detail: text };
    }
    case 'latencyBelow': {
      const health = healthOf(snapshot, spec.file);
      const threshold = spec.thresholdMs === 'baseline' ? health?.baselineP95Ms : spec.thresholdMs;
      if (!spec.file) return { status: 'pending', detail: 'no file to watch' };
      if (health?.p95Ms === undefined) return { status: 'pending', detail: `no recent latency figures from ${spec.file}` };
      if (threshold === undefined) return { status: 'pending', detail: `no latency baseline yet for ${spec.file}` };
      const ok = spec.thresholdMs === 'baseline' ? health.p95Ms <= threshold : health.p95Ms < threshold;
      return {
        status: ok ? 'passing' : 'failing',
        detail: `p95 ${Math.round(health.p95Ms)} ms vs ${spec.thresholdMs === 'baseline' ? 'baseline ' : ''}${Math.round(threshold)} ms on ${spec.file}`,
      };
    }
    case 'noNewAnomalies': {
      const active = snapshot.activeAnomalies.filter((a) => spec.file === undefined || pathEndsWith(a.file, spec.file));
      if (active.length > 0) return { status: 'failing', detail: `${active.length} active anomal${active.length === 1 ? 'y' : 'ies'}${spec.file ? ` on ${spec.file}` : ''}` };
      const quietMinutes = (snapshot.now - armedAt) / 60000;
      return quietMinutes >= spec.minutes
        ? { status: 'passing', detail: `quiet for ${Math.floor(quietMinutes)} min` }
        : { status: 'pending', detail: `quiet for ${Math.floor(quietMinutes)} of ${spec.minutes} min` };
    }
  }
}

/** Exact key first, then a watched file whose path ends with the check's (criteria often name just the basename). */
function healthOf(snapshot: DetectorSnapshot, file: string | undefined): FileHealth | undefined {
  if (!file) return undefined;
  const exact = snapshot.files.get(file);
  if (exact) return exact;
  for (const [key, health] of snapshot.files) if (pathEndsWith(key, file)) return health;
  return undefined;
}

/** True when `full` is `tail` or ends with `/tail` (either slash style). */
export function pathEndsWith(full: string, tail: string): boolean {
  const a = full.replace(/\\/g, '/');
  const b = tail.replace(/\\/g, '/').replace(/^\/+/, '');
  return a === b || a.endsWith(`/${b}`);
}

function toMinutes(value: number, unit: string): number {
  if (/^h/i.test(unit)) return value * 60;
  if (/^s/i.test(unit)) return Math.max(value / 60, 1 / 60);
  return value;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.1 ? 2 : 1)}%`;
}
