/** What the panel needs from the rest of the extension; the composition root implements it over the real services. */
import type { Disposable } from '../../core/lifecycle';
import type {
  ChatTurnView,
  CitationView,
  DashboardView,
  FeedbackMessage,
  IncidentView,
  RunbookHitView,
  SourceLocation,
  TaskAction,
  TaskDetailView,
  TaskStepAction,
  TaskSummaryView,
} from '../../shared/webviewProtocol';

export interface AskRequest {
  requestId: string;
  question: string;
  /** Earlier finished turns, oldest first, for conversational context. */
  history: readonly ChatTurnView[];
}

export interface AskResult {
  citations: CitationView[];
  /** Which model answered, e.g. "llama3.1 via http://localhost:11434 (endpoint)" or "offline". */
  footer?: string;
}

export interface IncidentsSnapshot {
  incidents: IncidentView[];
  /** The categories offered when the user corrects a classification. */
  categories: string[];
}

/** Outcome of "Run step" after the safety confirmation; `declined` when the user said no. */
export interface StepOutcome {
  status: 'succeeded' | 'failed' | 'declined';
  message?: string;
}

export type PanelTopic = 'incidents' | 'dashboard' | 'tasks';

export interface PanelBackend {
  /** Streams markdown through onChunk; rejects or resolves early when signal aborts. */
  ask(request: AskRequest, signal: AbortSignal, onChunk: (markdown: string) => void): Promise<AskResult>;
  incidents(): IncidentsSnapshot | Promise<IncidentsSnapshot>;
  dashboard(): DashboardView | Promise<DashboardView>;
  searchRunbooks(query: string, signal: AbortSignal): Promise<RunbookHitView[]>;
  openLocation(location: SourceLocation): Promise<void>;
  /** Must go through the safety confirmation; the panel only asks. */
  runStep(incidentId: string, stepId: string): Promise<StepOutcome>;
  feedback(message: FeedbackMessage): void | Promise<void>;
  /** Incident tasks; a backend without them leaves the Tasks tab saying so. */
  tasks?: PanelTaskBackend;
  /** Fires when incidents, dashboard data or tasks changed, so an open panel can refresh. */
  onDidChange?(listener: (topic: PanelTopic) => void): Disposable;
}

/** The panel's Tasks section: list, detail, "Start as Task" from an incident card, and the task and step actions. */
export interface PanelTaskBackend {
  /** Every task, newest first. */
  list(): TaskSummaryView[] | Promise<TaskSummaryView[]>;
  detail(taskId: string): TaskDetailView | undefined | Promise<TaskDetailView | undefined>;
  /** Starts a task from the plan on that incident's card; resolves with the new task's id. */
  startFromIncident(incidentId: string): Promise<string>;
  /** Running a step goes through the same safety confirmation as everywhere else. */
  stepAction(taskId: string, stepId: string, action: TaskStepAction): Promise<void>;
  taskAction(taskId: string, action: TaskAction): Promise<void>;
}
