/** Incident classification contract: the zod schema the LLM's reply is validated against, and the offline result. */
import { z } from 'zod';
import type { Anomaly } from '../detection/anomaly';

export const incidentCategories = ['Network', 'Database', 'Application', 'Security', 'Hardware', 'Performance'] as const;
export type IncidentCategory = (typeof incidentCategories)[number];

export const incidentSeverities = ['critical', 'high', 'medium', 'low'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

export const incidentPriorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type IncidentPriority = (typeof incidentPriorities)[number];

export const classificationSchema = z.object({
  category: z.enum(incidentCategories),
  subcategory: z.string().max(80),
  severity: z.enum(incidentSeverities),
  priority: z.enum(incidentPriorities),
  confidence: z.number().min(0).max(1),
  rationale: z.string().max(2000),
});
/** What a model must return; `source` is added by us, never trusted from the model. */
export type ClassificationReply = z.infer<typeof classificationSchema>;

export interface Classification extends ClassificationReply {
  source: 'llm' | 'offline';
  /** Per-category evidence mass behind the offline decision (sums to 1), kept for explanations and feedback. */
  scores?: Record<IncidentCategory, number>;
}

/** What can be classified: people's text, log lines, detected anomalies, or a mix. */
export interface IncidentInput {
  text?: string;
  logLines?: string[];
  anomalies?: Anomaly[];
}

/** A runbook that retrieval returned for the incident; its category is a vote. `rank` is 0-based. */
export interface RunbookVote {
  runbookId: string;
  category?: IncidentCategory;
  rank: number;
}

export function priorityFor(severity: IncidentSeverity): IncidentPriority {
  return severity === 'critical' ? 'P1' : severity === 'high' ? 'P2' : severity === 'medium' ? 'P3' : 'P4';
}

export function isIncidentCategory(value: unknown): value is IncidentCategory {
  return typeof value === 'string' && (incidentCategories as readonly string[]).includes(value);
}
