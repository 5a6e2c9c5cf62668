/**
 * The whole contract between the extension host and the Ops Copilot panel. The host validates every panel message
 * with these schemas (the webview is a trust boundary: it renders untrusted log text); the panel imports types only,
 * so zod stays out of its bundle. View types are plain serialisable objects, independent of core types: the host maps
 * core results onto them.
 */
import { z } from 'zod';

const requestIdSchema = z.string().min(1).max(128);
const pathSchema = z.string().min(1).max(4096);
/** 1-based line number, as shown in the editor. */
const lineSchema = z.number().int().min(1);
const shortText = z.string().max(2000);
const longText = z.string().max(200_000);

export const panelTabs = ['chat', 'incidents', 'tasks', 'runbooks', 'dashboard'] as const;
export const panelTabSchema = z.enum(panelTabs);
export type PanelTab = z.infer<typeof panelTabSchema>;

export const sourceLocationSchema = z.object({ file: pathSchema, line: lineSchema });
export type SourceLocation = z.infer<typeof sourceLocationSchema>;

/** A runbook section or log line an answer or a plan relies on. */
export const citationViewSchema = z.object({
  kind: z.enum(['runbook', 'log']),
  label: shortText,
  file: pathSchema,
  line: lineSchema,
  excerpt: shortText.optional(),
});
export type CitationView = z.infer<typeof citationViewSchema>;

export const chatTurnStatuses = ['streaming', 'done', 'stopped', 'error'] as const;
export const chatTurnViewSchema = z.object({
  requestId: requestIdSchema,
  /** Empty for host-created turns such as "Analyze This Log" reports, which carry a title instead. */
  question: longText,
  title: shortText.optional(),
  answer: longText,
  citations: z.array(citationViewSchema).max(200),
  status: z.enum(chatTurnStatuses),
  error: shortText.optional(),
  /** Which model answered (editor model, endpoint, offline), shown under the answer. */
  footer: shortText.optional(),
  /** Epoch ms when the question was asked. */
  askedAt: z.number(),
});
export type ChatTurnView = z.infer<typeof chatTurnViewSchema>;
export type ChatTurnStatus = ChatTurnView['status'];

export const anomalySeverities = ['error', 'warning', 'info'] as const;
export const incidentSeverities = ['critical', 'high', 'medium', 'low'] as const;
export const incidentPriorities = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
export const stepRisks = ['safe', 'caution', 'dangerous'] as const;
export type StepRisk = (typeof stepRisks)[number];

export const incidentAnomalyViewSchema = z.object({
  id: shortText,
  /** Detector type such as error_spike; kept a string so new detector types need no protocol change. */
  type: shortText,
  severity: z.enum(anomalySeverities),
  title: shortText,
  explanation: shortText,
  file: pathSchema,
  line: lineSchema,
});
export type IncidentAnomalyView = z.infer<typeof incidentAnomalyViewSchema>;

export const classificationViewSchema = z.object({
  category: shortText,
  severity: z.enum(incidentSeverities),
  priority: z.enum(incidentPriorities),
  /** 0..1 */
  confidence: z.number().min(0).max(1),
  /** Who classified it, e.g. "llm", "rules", "user". */
  source: shortText,
  rationale: shortText.optional(),
});
export type ClassificationView = z.infer<typeof classificationViewSchema>;

export const planStepViewSchema = z.object({
  id: shortText,
  title: shortText,
  detail: shortText.optional(),
  command: shortText.optional(),
  risk: z.enum(stepRisks),
  estimatedMinutes: z.number().min(0).optional(),
  successCriteria: shortText.optional(),
  rollback: shortText.optional(),
  /** False for manual steps (no command to run). */
  runnable: z.boolean(),
});
export type PlanStepView = z.infer<typeof planStepViewSchema>;

export const planViewSchema = z.object({
  id: shortText,
  summary: shortText,
  estimatedMinutes: z.number().min(0).optional(),
  steps: z.array(planStepViewSchema).max(100),
  successCriteria: z.array(shortText).max(50),
  rollback: z.array(shortText).max(50),
  sources: z.array(citationViewSchema).max(100),
});
export type PlanView = z.infer<typeof planViewSchema>;

export const incidentViewSchema = z.object({
  id: shortText,
  title: shortText,
  severity: z.enum(incidentSeverities),
  /** Epoch ms of the first and last anomaly, when the log has timestamps. */
  firstSeen: z.number().optional(),
  lastSeen: z.number().optional(),
  anomalies: z.array(incidentAnomalyViewSchema).max(500),
  classification: classificationViewSchema.optional(),
  plan: planViewSchema.optional(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

export const dashboardWindowViewSchema = z.object({
  /** Epoch ms of the window start (or a line-based ordinal when the log has no timestamps). */
  start: z.number(),
  count: z.number().int().min(0),
  /** 0..1 */
  errorRate: z.number().min(0).max(1),
  /** Null when no record in the window carried a latency. */
  p95Ms: z.number().min(0).nullable(),
});
export type DashboardWindowView = z.infer<typeof dashboardWindowViewSchema>;

export const dashboardAnomalyViewSchema = z.object({
  id: shortText,
  line: lineSchema,
  type: shortText,
  severity: z.enum(anomalySeverities),
  /** Index into the file's windows. */
  windowIndex: z.number().int().min(0),
  title: shortText.optional(),
});
export type DashboardAnomalyView = z.infer<typeof dashboardAnomalyViewSchema>;

export const templateStatViewSchema = z.object({
  id: shortText,
  pattern: shortText,
  count: z.number().int().min(0),
  /** A line where the template occurs, so the panel can open an example. */
  exampleLine: lineSchema.optional(),
});
export type TemplateStatView = z.infer<typeof templateStatViewSchema>;

export const dashboardFileViewSchema = z.object({
  path: pathSchema,
  windows: z.array(dashboardWindowViewSchema).max(10_000),
  anomalies: z.array(dashboardAnomalyViewSchema).max(5_000),
  topTemplates: z.array(templateStatViewSchema).max(100),
});
export type DashboardFileView = z.infer<typeof dashboardFileViewSchema>;

export const dashboardViewSchema = z.object({
  windowSeconds: z.number().positive(),
  /** Epoch ms. */
  generatedAt: z.number(),
  files: z.array(dashboardFileViewSchema).max(200),
});
export type DashboardView = z.infer<typeof dashboardViewSchema>;

export const runbookHitViewSchema = z.object({
  file: pathSchema,
  line: lineSchema,
  title: shortText,
  heading: shortText.optional(),
  excerpt: shortText,
  /** 0..1, higher is closer. */
  score: z.number(),
});
export type RunbookHitView = z.infer<typeof runbookHitViewSchema>;

export const stepStatuses = ['running', 'succeeded', 'failed', 'declined'] as const;
export type StepStatus = (typeof stepStatuses)[number];

/** Incident tasks: a remediation plan worked through as a checklist, with live checks and a history. */
export const taskStatuses = ['open', 'inProgress', 'resolved', 'abandoned'] as const;
export type TaskStatusView = (typeof taskStatuses)[number];
export const taskStepStatuses = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type TaskStepStatusView = (typeof taskStepStatuses)[number];
export const taskCheckStatuses = ['pending', 'passing', 'failing'] as const;

const stepCountsSchema = z.object({
  total: z.number().int().min(0),
  pending: z.number().int().min(0),
  running: z.number().int().min(0),
  done: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
});

export const taskSummaryViewSchema = z.object({
  id: shortText,
  title: shortText,
  status: z.enum(taskStatuses),
  category: shortText.optional(),
  severity: shortText.optional(),
  file: pathSchema.optional(),
  /** Epoch ms. */
  createdAt: z.number(),
  updatedAt: z.number(),
  steps: stepCountsSchema,
  checks: z.object({ pending: z.number().int().min(0), passing: z.number().int().min(0), failing: z.number().int().min(0) }),
});
export type TaskSummaryView = z.infer<typeof taskSummaryViewSchema>;

export const taskStepViewSchema = z.object({
  id: shortText,
  title: shortText,
  detail: shortText.optional(),
  command: shortText.optional(),
  risk: z.enum(stepRisks),
  /** The checker's reasons, shown next to the risk. */
  riskReasons: z.array(shortText).max(20),
  status: z.enum(taskStepStatuses),
  note: shortText.optional(),
  /** How the last command run went, e.g. "succeeded (exit 0)" or "declined". */
  lastRun: shortText.optional(),
});
export type TaskStepView = z.infer<typeof taskStepViewSchema>;

export const taskCheckViewSchema = z.object({
  id: shortText,
  criterion: shortText,
  status: z.enum(taskCheckStatuses),
  detail: shortText.optional(),
  /** Nothing the detector can measure: a person sets it. */
  manual: z.boolean(),
});
export type TaskCheckView = z.infer<typeof taskCheckViewSchema>;

export const taskEventViewSchema = z.object({ at: z.number(), text: shortText, who: shortText.optional() });
export type TaskEventView = z.infer<typeof taskEventViewSchema>;

export const taskDetailViewSchema = taskSummaryViewSchema.extend({
  summary: shortText,
  line: lineSchema.optional(),
  createdBy: shortText,
  stepList: z.array(taskStepViewSchema).max(100),
  checkList: z.array(taskCheckViewSchema).max(100),
  /** Newest last, bounded to the most recent events. */
  history: z.array(taskEventViewSchema).max(200),
});
export type TaskDetailView = z.infer<typeof taskDetailViewSchema>;

export const taskActions = ['reopen', 'resolve', 'abandon', 'exportPostmortem', 'showInView'] as const;
export type TaskAction = (typeof taskActions)[number];
export const taskStepActions = ['run', 'done', 'failed', 'skipped', 'pending'] as const;
export type TaskStepAction = (typeof taskStepActions)[number];

export const feedbackVerdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('up') }),
  z.object({ kind: z.literal('down') }),
  z.object({ kind: z.literal('recategorize'), category: z.string().min(1).max(200) }),
]);
export type FeedbackVerdict = z.infer<typeof feedbackVerdictSchema>;

/** Panel → host. Names are verbs. */
export const panelToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('ask'), requestId: requestIdSchema, question: z.string().trim().min(1).max(20_000) }),
  z.object({ type: z.literal('cancel'), requestId: requestIdSchema }),
  z.object({ type: z.literal('openLocation'), file: pathSchema, line: lineSchema }),
  z.object({ type: z.literal('runStep'), incidentId: z.string().min(1).max(500), stepId: z.string().min(1).max(500) }),
  z.object({
    type: z.literal('feedback'),
    incidentId: z.string().min(1).max(500),
    target: z.enum(['classification', 'plan']),
    verdict: feedbackVerdictSchema,
  }),
  z.object({ type: z.literal('searchRunbooks'), requestId: requestIdSchema, query: z.string().max(1000) }),
  z.object({ type: z.literal('refresh'), what: z.enum(['incidents', 'dashboard', 'tasks']) }),
  z.object({ type: z.literal('clearHistory') }),
  /** "Start as Task" on an incident's plan card. */
  z.object({ type: z.literal('startTask'), incidentId: z.string().min(1).max(500) }),
  /** Asks for one task's detail (answered with `task`, and again whenever it changes while selected). */
  z.object({ type: z.literal('selectTask'), taskId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('taskAction'), taskId: z.string().min(1).max(200), action: z.enum(taskActions) }),
  z.object({
    type: z.literal('stepAction'),
    taskId: z.string().min(1).max(200),
    stepId: z.string().min(1).max(200),
    action: z.enum(taskStepActions),
  }),
]);
export type PanelToHost = z.infer<typeof panelToHostSchema>;
export type FeedbackMessage = Extract<PanelToHost, { type: 'feedback' }>;

/** Host → panel. Names are nouns; replies and streamed chunks carry the request's requestId. */
export const hostToPanelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('history'), turns: z.array(chatTurnViewSchema) }),
  /** Adds or replaces one turn, e.g. an "Analyze This Log" report. */
  z.object({ type: z.literal('turn'), turn: chatTurnViewSchema }),
  z.object({ type: z.literal('answerChunk'), requestId: requestIdSchema, text: longText }),
  z.object({
    type: z.literal('answerDone'),
    requestId: requestIdSchema,
    citations: z.array(citationViewSchema).max(200),
    footer: shortText.optional(),
    /** True when the user pressed stop; the partial answer stays. */
    stopped: z.boolean().optional(),
  }),
  /** A failed request (with its requestId) or a failed fire-and-forget action (without). */
  z.object({ type: z.literal('error'), requestId: requestIdSchema.optional(), message: shortText }),
  z.object({
    type: z.literal('incidents'),
    incidents: z.array(incidentViewSchema),
    /** Categories the user may pick when correcting a classification. */
    categories: z.array(shortText),
  }),
  z.object({ type: z.literal('dashboard'), dashboard: dashboardViewSchema }),
  z.object({
    type: z.literal('runbookResults'),
    requestId: requestIdSchema,
    query: z.string().max(1000),
    results: z.array(runbookHitViewSchema),
  }),
  z.object({
    type: z.literal('stepStatus'),
    incidentId: z.string(),
    stepId: z.string(),
    status: z.enum(stepStatuses),
    message: shortText.optional(),
  }),
  /**
   * Brings a tab to the front, e.g. for "Open in panel": optionally one incident (by its id or one of its anomalies'
   * ids) or a question prefilled in the chat box for the user to edit and send.
   */
  /** Every task, newest first (the panel filters them locally). */
  z.object({ type: z.literal('tasks'), tasks: z.array(taskSummaryViewSchema).max(5000) }),
  /** The selected task's detail; without `task` when it no longer exists. */
  z.object({ type: z.literal('task'), taskId: z.string(), task: taskDetailViewSchema.optional() }),
  z.object({
    type: z.literal('focus'),
    tab: panelTabSchema,
    incidentId: z.string().max(500).optional(),
    taskId: z.string().max(200).optional(),
    anomalyId: z.string().max(500).optional(),
    draft: z.string().max(20_000).optional(),
  }),
]);
export type HostToPanel = z.infer<typeof hostToPanelSchema>;

export type DecodeResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Validates a raw panel message; the reason is short enough for one log line and never echoes message text. */
export function decodePanelToHost(raw: unknown): DecodeResult<PanelToHost> {
  const parsed = panelToHostSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const type =
    typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
      ? String((raw as { type: string }).type).slice(0, 40)
      : typeof raw;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `${type}: ${issues}` };
}
