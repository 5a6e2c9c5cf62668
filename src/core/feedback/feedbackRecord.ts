/** The feedback contract: a 👍/👎 on a classification or a plan, with an optional corrected category and note. */
import { z } from 'zod';
import { incidentCategories, IncidentCategory, incidentPriorities, incidentSeverities } from '../incidents/incident';

export const feedbackTargets = ['classification', 'plan'] as const;
export type FeedbackTarget = (typeof feedbackTargets)[number];

/** Stored text of what was classified is bounded: enough for similarity and few-shot, not whole logs. */
export const maxFeedbackInputChars = 4000;

export const feedbackItemSchema = z.object({
  id: z.string(),
  at: z.number(),
  target: z.enum(feedbackTargets),
  verdict: z.enum(['up', 'down']),
  predicted: z.object({
    category: z.enum(incidentCategories),
    subcategory: z.string(),
    severity: z.enum(incidentSeverities),
    priority: z.enum(incidentPriorities),
    confidence: z.number(),
    source: z.enum(['llm', 'offline']),
  }),
  correctedCategory: z.enum(incidentCategories).optional(),
  correctedSubcategory: z.string().max(80).optional(),
  note: z.string().max(2000).optional(),
  /** What was classified (incidentText of the input), truncated to maxFeedbackInputChars. */
  inputText: z.string().max(maxFeedbackInputChars),
  incidentId: z.string().optional(),
  taskId: z.string().optional(),
  /** For plan feedback: which plan was judged. */
  planSummary: z.string().optional(),
  who: z.string().optional(),
});
export type FeedbackItem = z.infer<typeof feedbackItemSchema>;

/** What the adapter passes when someone presses 👍/👎 (id and time are added by the store). */
export type NewFeedback = Omit<FeedbackItem, 'id' | 'at' | 'inputText'> & { inputText: string };

/** The category people say is right, when we know it: a correction, or a 👍 that confirms the prediction. */
export function trueCategory(item: FeedbackItem): IncidentCategory | undefined {
  if (item.correctedCategory) return item.correctedCategory;
  return item.verdict === 'up' ? item.predicted.category : undefined;
}

/** A classification the person disagreed with: 👎, or a corrected category different from the prediction. */
export function isDisagreement(item: FeedbackItem): boolean {
  return item.verdict === 'down' || (item.correctedCategory !== undefined && item.correctedCategory !== item.predicted.category);
}

/** A classification someone corrected to a different category (the examples that teach). */
export function isCorrection(item: FeedbackItem): boolean {
  return item.target === 'classification' && item.correctedCategory !== undefined && item.correctedCategory !== item.predicted.category;
}
