/**
 * Scores detected anomalies against generated ground truth. An injected anomaly is found when a detected anomaly of
 * the same type overlaps its lines; a detected anomaly that overlaps no injected anomaly of its type is a false
 * positive.
 */
import { anomalyTypes, type Anomaly, type AnomalyType } from '../detection/anomaly';
import type { InjectedAnomaly } from './logGenerator';

export interface TypeScore {
  injected: number;
  found: number;
  detected: number;
  falsePositives: number;
}

export type DetectionScore = Record<AnomalyType, TypeScore>;

export function emptyScore(): DetectionScore {
  const score = {} as DetectionScore;
  for (const type of anomalyTypes) score[type] = { injected: 0, found: 0, detected: 0, falsePositives: 0 };
  return score;
}

function overlaps(detected: Pick<Anomaly, 'firstLine' | 'lastLine'>, injected: InjectedAnomaly): boolean {
  if (detected.lastLine < injected.firstLine || detected.firstLine > injected.lastLine) return false;
  return injected.ranges.some(([a, b]) => detected.firstLine <= b && detected.lastLine >= a);
}

/** Adds one file's outcome into `into` (created when omitted) and returns it. */
export function scoreDetections(injected: readonly InjectedAnomaly[], detected: readonly Anomaly[], into = emptyScore()): DetectionScore {
  for (const truth of injected) {
    into[truth.type].injected++;
    if (detected.some((d) => d.type === truth.type && overlaps(d, truth))) into[truth.type].found++;
  }
  for (const d of detected) {
    into[d.type].detected++;
    if (!injected.some((truth) => truth.type === d.type && overlaps(d, truth))) into[d.type].falsePositives++;
  }
  return into;
}

export function precision(s: TypeScore): number {
  return s.detected === 0 ? (s.injected === 0 ? 1 : 0) : (s.detected - s.falsePositives) / s.detected;
}

export function recall(s: TypeScore): number {
  return s.injected === 0 ? 1 : s.found / s.injected;
}
