/**
 * How much feedback helps the offline classifier, measured fairly: split a labelled incident set deterministically
 * into a training pool and a held-out half; feed N items of the pool as feedback (the ones the classifier gets wrong
 * first, as real corrections would be, then others as confirmations); compare held-out accuracy before and after.
 */
import type { IncidentCategory } from '../incidents/incident';
import { classifyOffline } from '../incidents/offlineClassifier';
import { TunedOfflineClassifier } from './classifierTuning';
import type { FeedbackItem } from './feedbackRecord';
import { fnv1a } from './textSimilarity';

export interface LabelledIncident {
  text: string;
  category: IncidentCategory;
}

export interface CorrectionEvalResult {
  total: number;
  trainPool: number;
  heldOut: number;
  /** Feedback items used: corrections (base prediction wrong) + confirmations (base prediction right). */
  corrections: number;
  confirmations: number;
  heldOutBefore: number;
  heldOutAfter: number;
  /** Accuracy on the feedback items themselves after tuning (how well they were absorbed). */
  feedbackBefore: number;
  feedbackAfter: number;
  /** Held-out items the tuning fixed / broke. */
  fixed: number;
  broken: number;
  overridesOnHeldOut: number;
}

export function evaluateCorrections(rows: readonly LabelledIncident[], options: { feedbackCount?: number; seed?: string } = {}): CorrectionEvalResult {
  const feedbackCount = options.feedbackCount ?? 30;
  const seed = options.seed ?? 'ops-copilot';
  const ordered = [...rows].sort((a, b) => fnv1a(seed + a.text) - fnv1a(seed + b.text) || (a.text < b.text ? -1 : 1));
  const poolSize = Math.max(feedbackCount, Math.ceil(ordered.length / 2));
  const pool = ordered.slice(0, poolSize);
  const heldOut = ordered.slice(poolSize);

  const basePool = pool.map((row) => ({ row, predicted: classifyOffline({ text: row.text }) }));
  const chosen = [...basePool.filter((p) => p.predicted.category !== p.row.category), ...basePool.filter((p) => p.predicted.category === p.row.category)].slice(
    0,
    feedbackCount,
  );
  const t0 = Date.UTC(2026, 0, 1);
  const feedback: FeedbackItem[] = chosen.map(({ row, predicted }, i) => {
    const wrong = predicted.category !== row.category;
    return {
      id: `eval-${i}`,
      at: t0 + i * 60000,
      target: 'classification',
      verdict: wrong ? 'down' : 'up',
      predicted: {
        category: predicted.category,
        subcategory: predicted.subcategory,
        severity: predicted.severity,
        priority: predicted.priority,
        confidence: predicted.confidence,
        source: 'offline',
      },
      ...(wrong ? { correctedCategory: row.category } : {}),
      inputText: row.text,
    };
  });
  const tuned = new TunedOfflineClassifier(feedback);

  const accuracy = (items: readonly LabelledIncident[], classify: (text: string) => IncidentCategory) =>
    items.length === 0 ? 1 : items.filter((r) => classify(r.text) === r.category).length / items.length;
  const base = (text: string) => classifyOffline({ text }).category;
  const after = (text: string) => tuned.classify({ text }).category;
  let fixed = 0;
  let broken = 0;
  let overrides = 0;
  for (const row of heldOut) {
    const b = base(row.text) === row.category;
    const result = tuned.classify({ text: row.text });
    const a = result.category === row.category;
    if (!b && a) fixed++;
    if (b && !a) broken++;
    if (result.override) overrides++;
  }
  const feedbackRows = chosen.map((c) => c.row);
  return {
    total: rows.length,
    trainPool: pool.length,
    heldOut: heldOut.length,
    corrections: feedback.filter((f) => f.verdict === 'down').length,
    confirmations: feedback.filter((f) => f.verdict === 'up').length,
    heldOutBefore: accuracy(heldOut, base),
    heldOutAfter: accuracy(heldOut, after),
    feedbackBefore: accuracy(feedbackRows, base),
    feedbackAfter: accuracy(feedbackRows, after),
    fixed,
    broken,
    overridesOnHeldOut: overrides,
  };
}
