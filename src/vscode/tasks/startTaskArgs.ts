/**
 * What "Start as Task" accepts from a chat button, the panel or another command: a remediation plan plus the
 * incident's context. Arguments can come from anywhere a command can be invoked, so they are validated here and each
 * command's risk is checked again (a plan cannot make its own command look safer than the checker says).
 */
import { z } from 'zod';
import type { Anomaly } from '../../core/detection/anomaly';
import { incidentCategories, incidentPriorities, incidentSeverities, type Classification } from '../../core/incidents/incident';
import { stepRisks, stricterRisk, type RemediationPlan } from '../../core/remediation/remediationPlan';
import { checkCommand } from '../../core/safety/commandSafety';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';

const text = (max: number) => z.string().max(max);

const planStepArgSchema = z.object({
  id: text(100).min(1),
  title: text(500).min(1),
  detail: text(4000).default(''),
  command: text(2000).optional(),
  risk: z.enum(stepRisks).default('caution'),
  riskReasons: z.array(text(500)).max(20).default([]),
  verify: text(1000).default(''),
});

const planArgSchema = z.object({
  summary: text(2000).min(1),
  steps: z
    .array(planStepArgSchema)
    .min(1)
    .max(50)
    .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, 'step ids must be unique'),
  estimatedTime: text(100).default(''),
  risks: z.array(text(500)).max(20).default([]),
  successCriteria: z.array(text(500)).max(20).default([]),
  rollbackPlan: text(2000).default(''),
  sources: z.array(z.object({ runbookId: text(200), file: text(4096), line: z.number().int().min(1) })).max(20).default([]),
  source: z.enum(['llm', 'offline']).default('offline'),
});

const classificationArgSchema = z.object({
  category: z.enum(incidentCategories),
  subcategory: text(200).default(''),
  severity: z.enum(incidentSeverities),
  priority: z.enum(incidentPriorities),
  confidence: z.number().min(0).max(1),
  rationale: text(2000).default(''),
  source: z.enum(['llm', 'offline']).default('offline'),
});

export const startTaskArgsSchema = z.object({
  plan: planArgSchema,
  classification: classificationArgSchema.optional(),
  /** Anomalies the plan is for; those the detector still shows give the task its evidence. */
  anomalyIds: z.array(text(500)).max(200).optional(),
  incidentId: text(500).optional(),
  title: text(500).optional(),
  file: text(4096).optional(),
  line: z.number().int().min(1).optional(),
});
export type StartTaskArgs = z.input<typeof startTaskArgsSchema>;

export type ParsedStartTask = { ok: true; input: NewTaskInput } | { ok: false; reason: string };

/** Validates command arguments into a task input; `findAnomaly` resolves ids against what the detector shows. */
export function parseStartTaskArgs(raw: unknown, findAnomaly: (id: string) => Anomaly | undefined): ParsedStartTask {
  const parsed = startTaskArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: issue ? `${issue.path.join('.') || '(arguments)'}: ${issue.message}` : 'invalid arguments' };
  }
  const args = parsed.data;
  const plan: RemediationPlan = {
    ...args.plan,
    steps: args.plan.steps.map((step) => {
      if (!step.command?.trim()) return { ...step, command: undefined };
      const verdict = checkCommand(step.command);
      const risk = stricterRisk(verdict.risk, step.risk);
      return { ...step, risk, riskReasons: verdict.reasons.length > 0 ? verdict.reasons : step.riskReasons };
    }),
  };
  const anomalies = (args.anomalyIds ?? []).map(findAnomaly).filter((a): a is Anomaly => a !== undefined);
  const classification: Classification | undefined = args.classification;
  return {
    ok: true,
    input: {
      plan,
      title: args.title,
      incidentId: args.incidentId,
      classification,
      anomalies,
      file: args.file,
      line: args.line,
    },
  };
}
