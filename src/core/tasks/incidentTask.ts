/**
 * The incident task contract: a remediation plan being worked through, with its incident context, a step checklist,
 * command runs (requested → confirmed → ran → outcome), live checks from the plan's success criteria, and a history.
 * The zod schema is what the per-workspace store is validated against on load.
 */
import { z } from 'zod';
import { incidentCategories, incidentPriorities, incidentSeverities } from '../incidents/incident';
import { stepRisks } from '../remediation/remediationPlan';

export const stepStatuses = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type StepStatus = (typeof stepStatuses)[number];

export const taskStatuses = ['open', 'inProgress', 'resolved', 'abandoned'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const checkStatuses = ['pending', 'passing', 'failing'] as const;
export type CheckStatus = (typeof checkStatuses)[number];

export const commandRunStates = ['requested', 'confirmed', 'declined', 'ran', 'finished'] as const;
export type CommandRunState = (typeof commandRunStates)[number];

export const commandOutcomes = ['succeeded', 'failed', 'unknown'] as const;
export type CommandOutcome = (typeof commandOutcomes)[number];

/** 'baseline' means "the detector's own baseline for that file", the usual wording of success criteria. */
const thresholdSchema = z.union([z.literal('baseline'), z.number().min(0)]);

/** What a success criterion is checked against; the adapter evaluates these with `evaluateLiveCheck`. */
export const liveCheckSpecSchema = z.discriminatedUnion('kind', [
  /** Error rate (0–1) of `file` under `threshold`. */
  z.object({ kind: z.literal('errorRateBelow'), file: z.string().optional(), threshold: thresholdSchema }),
  /** p95 latency of `file` under `thresholdMs`. */
  z.object({ kind: z.literal('latencyBelow'), file: z.string().optional(), thresholdMs: thresholdSchema }),
  /** The detector no longer reports this anomaly. */
  z.object({ kind: z.literal('anomalyCleared'), anomalyId: z.string() }),
  /** No anomaly on `file` for `minutes` after the check was armed. */
  z.object({ kind: z.literal('noNewAnomalies'), file: z.string().optional(), minutes: z.number().positive() }),
  /** Nothing the detector can see: a person marks it. */
  z.object({ kind: z.literal('manual') }),
]);
export type LiveCheckSpec = z.infer<typeof liveCheckSpecSchema>;

export const liveCheckSchema = z.object({
  id: z.string(),
  /** The success criterion as the plan worded it. */
  criterion: z.string(),
  spec: liveCheckSpecSchema,
  status: z.enum(checkStatuses),
  detail: z.string().optional(),
  /** When watching started (task created or reopened): `noNewAnomalies` counts from here. Epoch ms. */
  armedAt: z.number(),
  updatedAt: z.number().optional(),
});
export type LiveCheck = z.infer<typeof liveCheckSchema>;

export const commandRunSchema = z.object({
  id: z.string(),
  command: z.string(),
  /** The step's risk when the run was requested (the adapter shows the checker's verdict before confirming). */
  risk: z.enum(stepRisks),
  state: z.enum(commandRunStates),
  requestedAt: z.number(),
  requestedBy: z.string(),
  confirmedAt: z.number().optional(),
  confirmedBy: z.string().optional(),
  declinedAt: z.number().optional(),
  declinedBy: z.string().optional(),
  ranAt: z.number().optional(),
  /** e.g. the terminal's name. */
  ranIn: z.string().optional(),
  finishedAt: z.number().optional(),
  outcome: z.enum(commandOutcomes).optional(),
  exitCode: z.number().int().optional(),
  outcomeBy: z.string().optional(),
  note: z.string().optional(),
});
export type CommandRun = z.infer<typeof commandRunSchema>;

export const taskStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  command: z.string().optional(),
  risk: z.enum(stepRisks),
  riskReasons: z.array(z.string()),
  verify: z.string(),
  status: z.enum(stepStatuses),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  /** Who last changed the status. */
  by: z.string().optional(),
  note: z.string().optional(),
  commandRuns: z.array(commandRunSchema),
});
export type TaskStep = z.infer<typeof taskStepSchema>;

export const taskEvidenceSchema = z.object({ file: z.string().optional(), line: z.number().int(), text: z.string() });
export type TaskEvidence = z.infer<typeof taskEvidenceSchema>;

export const taskClassificationSchema = z.object({
  category: z.enum(incidentCategories),
  subcategory: z.string(),
  severity: z.enum(incidentSeverities),
  priority: z.enum(incidentPriorities),
  confidence: z.number(),
  rationale: z.string(),
  source: z.enum(['llm', 'offline']),
});
export type TaskClassification = z.infer<typeof taskClassificationSchema>;

export const taskContextSchema = z.object({
  incidentId: z.string().optional(),
  title: z.string(),
  classification: taskClassificationSchema.optional(),
  anomalyIds: z.array(z.string()),
  file: z.string().optional(),
  line: z.number().int().optional(),
  /** A bounded sample of the lines that made this an incident (for the postmortem's evidence section). */
  evidence: z.array(taskEvidenceSchema),
});
export type TaskContext = z.infer<typeof taskContextSchema>;

export const historyEventKinds = [
  'created',
  'stepStatus',
  'commandRequested',
  'commandConfirmed',
  'commandDeclined',
  'commandRan',
  'commandOutcome',
  'checkStatus',
  'note',
  'taskStatus',
] as const;
export type HistoryEventKind = (typeof historyEventKinds)[number];

export const historyEventSchema = z.object({
  at: z.number(),
  kind: z.enum(historyEventKinds),
  who: z.string().optional(),
  stepId: z.string().optional(),
  checkId: z.string().optional(),
  runId: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  text: z.string().optional(),
});
export type HistoryEvent = z.infer<typeof historyEventSchema>;

export const taskPlanSchema = z.object({
  summary: z.string(),
  estimatedTime: z.string(),
  risks: z.array(z.string()),
  successCriteria: z.array(z.string()),
  rollbackPlan: z.string(),
  sources: z.array(z.object({ runbookId: z.string(), file: z.string(), line: z.number() })),
  source: z.enum(['llm', 'offline']),
});

export const incidentTaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(taskStatuses),
  createdAt: z.number(),
  createdBy: z.string(),
  updatedAt: z.number(),
  resolvedAt: z.number().optional(),
  context: taskContextSchema,
  plan: taskPlanSchema,
  steps: z.array(taskStepSchema),
  checks: z.array(liveCheckSchema),
  history: z.array(historyEventSchema),
});
export type IncidentTask = z.infer<typeof incidentTaskSchema>;

export const taskFileSchema = z.object({ version: z.literal(1), tasks: z.array(incidentTaskSchema) });
export type TaskFile = z.infer<typeof taskFileSchema>;

/** Who did something and when; `who` is whatever the adapter knows (OS user name, "detector", "you"). */
export interface Actor {
  who: string;
  at: number;
}

/** Thrown for a transition the state machine does not allow (the adapter shows the message as is). */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly entity: 'task' | 'step' | 'command',
    readonly id: string,
    readonly from: string,
    readonly to: string,
    reason?: string,
  ) {
    super(`cannot move ${entity} ${id} from ${from} to ${to}${reason ? `: ${reason}` : ''}`);
  }
}

export class TaskNotFoundError extends Error {
  override readonly name = 'TaskNotFoundError';
  constructor(
    readonly entity: 'task' | 'step' | 'check' | 'command',
    readonly id: string,
  ) {
    super(`no ${entity} with id ${id}`);
  }
}
