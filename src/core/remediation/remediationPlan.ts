/** Remediation plan contract: the zod schema a model's plan is validated against, and the plan we hand to users. */
import { z } from 'zod';

export const stepRisks = ['safe', 'caution', 'dangerous'] as const;
export type StepRisk = (typeof stepRisks)[number];

/** What a model may return for one step. Its `risk` is advisory: our command checker decides the final risk. */
export const planStepReplySchema = z.object({
  title: z.string().min(1).max(200),
  detail: z.string().max(4000),
  command: z.string().max(2000).optional(),
  risk: z.enum(stepRisks).optional(),
  verify: z.string().max(1000),
});

export const planSourceSchema = z.object({
  runbookId: z.string(),
  file: z.string(),
  line: z.number().int().min(1),
});

export const remediationPlanReplySchema = z.object({
  summary: z.string().min(1).max(2000),
  steps: z.array(planStepReplySchema).min(1).max(20),
  estimatedTime: z.string().max(100),
  risks: z.array(z.string().max(500)).max(10),
  successCriteria: z.array(z.string().max(500)).min(1).max(10),
  rollbackPlan: z.string().max(2000),
  sources: z.array(planSourceSchema).max(10),
});
export type RemediationPlanReply = z.infer<typeof remediationPlanReplySchema>;

export interface PlanStep {
  /** Stable within the plan ("s1", "s2", ...), used by "Run step" and task checklists. */
  id: string;
  title: string;
  detail: string;
  command?: string;
  /** Final risk: the stricter of the checker's verdict and anything the model or runbook claimed. */
  risk: StepRisk;
  /** The checker's reasons (empty for safe steps without a command). */
  riskReasons: string[];
  verify: string;
}

export interface PlanSource {
  runbookId: string;
  file: string;
  line: number;
}

export interface RemediationPlan {
  summary: string;
  steps: PlanStep[];
  estimatedTime: string;
  risks: string[];
  successCriteria: string[];
  rollbackPlan: string;
  sources: PlanSource[];
  source: 'llm' | 'offline';
  /** Set when the model's answer was unusable and this plan is the offline one instead. */
  fallbackReason?: string;
}

const riskOrder: Record<StepRisk, number> = { safe: 0, caution: 1, dangerous: 2 };

export function stricterRisk(a: StepRisk, b: StepRisk | undefined): StepRisk {
  return b !== undefined && riskOrder[b] > riskOrder[a] ? b : a;
}
