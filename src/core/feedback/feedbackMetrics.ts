/** Agreement and drift over stored feedback (pure arithmetic; the store persists when drift was reported). */
import { IncidentCategory, incidentCategories } from '../incidents/incident';
import { FeedbackItem, isDisagreement } from './feedbackRecord';

export interface AgreementStats {
  total: number;
  agreed: number;
  /** agreed / total; undefined with no feedback. */
  rate: number | undefined;
}

export interface FeedbackMetrics {
  /** Classification feedback: a 👍 without a different corrected category counts as agreement. */
  classification: AgreementStats;
  /** Keyed by the category Ops predicted ("when it says Database, people agree N%"). */
  byCategory: Record<IncidentCategory, AgreementStats>;
  plan: AgreementStats;
}

export function computeAgreement(items: readonly FeedbackItem[]): FeedbackMetrics {
  const empty = (): { total: number; agreed: number } => ({ total: 0, agreed: 0 });
  const classification = empty();
  const plan = empty();
  const byCategory = Object.fromEntries(incidentCategories.map((c) => [c, empty()])) as Record<IncidentCategory, { total: number; agreed: number }>;
  for (const item of items) {
    const agreed = isDisagreement(item) ? 0 : 1;
    if (item.target === 'plan') {
      plan.total++;
      plan.agreed += agreed;
      continue;
    }
    classification.total++;
    classification.agreed += agreed;
    byCategory[item.predicted.category].total++;
    byCategory[item.predicted.category].agreed += agreed;
  }
  return {
    classification: withRate(classification),
    plan: withRate(plan),
    byCategory: Object.fromEntries(incidentCategories.map((c) => [c, withRate(byCategory[c])])) as Record<IncidentCategory, AgreementStats>,
  };
}

export interface DriftOptions {
  /** Size of the recent window. */
  windowSize?: number;
  /** Drift above this (recent error rate minus baseline error rate) is worth telling the user. */
  threshold?: number;
  /** Earlier items needed before the baseline means anything. */
  minBaselineItems?: number;
}

export interface DriftReport {
  recentCount: number;
  baselineCount: number;
  /** Disagreement rate of the last `windowSize` classification feedback items. */
  recentErrorRate: number | undefined;
  /** Disagreement rate of everything before them. */
  baselineErrorRate: number | undefined;
  /** recentErrorRate − baselineErrorRate; positive means people disagree more than they used to. */
  drift: number | undefined;
  /** True when the window is full, the baseline large enough, and drift exceeds the threshold. */
  exceeds: boolean;
}

export const defaultDriftOptions: Required<DriftOptions> = { windowSize: 50, threshold: 0.2, minBaselineItems: 20 };

export function computeDrift(items: readonly FeedbackItem[], options: DriftOptions = {}): DriftReport {
  const { windowSize, threshold, minBaselineItems } = { ...defaultDriftOptions, ...options };
  // Stable sort: items saved in the same millisecond keep their insertion order.
  const ordered = items.filter((i) => i.target === 'classification').sort((a, b) => a.at - b.at);
  const recent = ordered.slice(Math.max(0, ordered.length - windowSize));
  const baseline = ordered.slice(0, Math.max(0, ordered.length - windowSize));
  const recentErrorRate = errorRate(recent);
  const baselineErrorRate = errorRate(baseline);
  const drift = recentErrorRate !== undefined && baselineErrorRate !== undefined ? recentErrorRate - baselineErrorRate : undefined;
  const exceeds = recent.length >= windowSize && baseline.length >= minBaselineItems && drift !== undefined && drift > threshold;
  return { recentCount: recent.length, baselineCount: baseline.length, recentErrorRate, baselineErrorRate, drift, exceeds };
}

function errorRate(items: readonly FeedbackItem[]): number | undefined {
  return items.length === 0 ? undefined : items.filter(isDisagreement).length / items.length;
}

function withRate(stats: { total: number; agreed: number }): AgreementStats {
  return { ...stats, rate: stats.total === 0 ? undefined : stats.agreed / stats.total };
}
