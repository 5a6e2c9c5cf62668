/** Builders for feedback items in tests. */
import type { FeedbackItem } from '../../core/feedback/feedbackRecord';
import type { IncidentCategory } from '../../core/incidents/incident';

let counter = 0;

export function feedbackItem(partial: Partial<FeedbackItem> & { predictedCategory?: IncidentCategory } = {}): FeedbackItem {
  const { predictedCategory, ...rest } = partial;
  counter++;
  return {
    id: `f${counter}`,
    at: Date.UTC(2026, 0, 1) + counter * 1000,
    target: 'classification',
    verdict: 'up',
    predicted: { category: predictedCategory ?? 'Application', subcategory: 'app', severity: 'high', priority: 'P2', confidence: 0.7, source: 'offline' },
    inputText: 'something failed',
    ...rest,
  };
}

/** `count` classification items starting at `start` ms, the first `wrong` of them disagreements (👎 with a correction). */
export function feedbackRun(count: number, wrong: number, start: number): FeedbackItem[] {
  return Array.from({ length: count }, (_, i) =>
    feedbackItem({
      at: start + i * 1000,
      predictedCategory: 'Database',
      ...(i < wrong ? { verdict: 'down', correctedCategory: 'Network' } : {}),
    }),
  );
}
