/** Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix of a classification run. */
import { IncidentCategory, incidentCategories } from './incident';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  total: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<IncidentCategory, ClassMetrics>;
  /** confusion[actual][predicted] = count. */
  confusion: Record<IncidentCategory, Record<IncidentCategory, number>>;
}

export function classificationMetrics(pairs: readonly { actual: IncidentCategory; predicted: IncidentCategory }[]): ClassificationMetrics {
  const zeroRow = (): Record<IncidentCategory, number> => Object.fromEntries(incidentCategories.map((c) => [c, 0])) as Record<IncidentCategory, number>;
  const confusion = Object.fromEntries(incidentCategories.map((c) => [c, zeroRow()])) as ClassificationMetrics['confusion'];
  for (const { actual, predicted } of pairs) confusion[actual][predicted]++;
  const perClass = {} as Record<IncidentCategory, ClassMetrics>;
  let correct = 0;
  const present: IncidentCategory[] = [];
  for (const c of incidentCategories) {
    const tp = confusion[c][c];
    correct += tp;
    const support = incidentCategories.reduce((sum, p) => sum + confusion[c][p], 0);
    const predicted = incidentCategories.reduce((sum, a) => sum + confusion[a][c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[c] = { precision, recall, f1, support };
    if (support > 0 || predicted > 0) present.push(c);
  }
  // Macro-F1 over the classes that occur (as label or prediction), so a dataset without Hardware is not penalised for it.
  const macroF1 = present.length === 0 ? 0 : present.reduce((sum, c) => sum + perClass[c].f1, 0) / present.length;
  return { total: pairs.length, accuracy: pairs.length === 0 ? 0 : correct / pairs.length, macroF1, perClass, confusion };
}

/** Nearest-rank percentile of values (ms), p in 0–100. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
