/**
 * The per-workspace task store: every incident task and its history in one JSON file (path chosen by the adapter,
 * e.g. the workspace storage folder). Reads come from memory; every change is validated by the state machine on a
 * copy, applied, and saved through AtomicJsonFile's queue. Methods resolve once the change is on disk.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { IncidentCategory } from '../incidents/incident';
import { AtomicJsonFile, AtomicLoadStatus } from '../storage/atomicJsonFile';
import {
  CheckStatus,
  CommandOutcome,
  CommandRun,
  IncidentTask,
  StepStatus,
  TaskFile,
  taskFileSchema,
  TaskNotFoundError,
  TaskStatus,
} from './incidentTask';
import { DetectorSnapshot, evaluateLiveCheck, pathEndsWith } from './liveChecks';
import * as transitions from './taskTransitions';

export interface TaskStoreOptions {
  file: string;
  clock: Clock;
  logger: Logger;
  /** Ids for tasks and command runs; random by default. */
  newId?: (prefix: 't' | 'r') => string;
}

export interface TaskFilter {
  status?: TaskStatus | readonly TaskStatus[];
  category?: IncidentCategory;
  /** Matches the task's file exactly or by its trailing path segments ("app.log" matches "/srv/logs/app.log"). */
  file?: string;
  /** Created at or after, epoch ms. */
  from?: number;
  /** Created at or before, epoch ms. */
  to?: number;
  /** Case-insensitive substring of the title or plan summary. */
  text?: string;
}

export interface TaskSummary {
  id: string;
  title: string;
  status: TaskStatus;
  category?: IncidentCategory;
  severity?: string;
  file?: string;
  createdAt: number;
  updatedAt: number;
  steps: Record<StepStatus, number> & { total: number };
  checks: Record<CheckStatus, number>;
}

export interface CheckChange {
  taskId: string;
  checkId: string;
  status: CheckStatus;
  detail: string;
}

/**
 * Each task's JSON, keyed by the task object: a change replaces the object (never edits it in place), so a save only
 * serialises the tasks that changed and joins the rest. With 1,000 tasks that is the difference between stringifying
 * megabytes per click and a few kilobytes.
 */
const serializedTasks = new WeakMap<IncidentTask, string>();

function serializeTaskFile(file: TaskFile): string {
  const parts = file.tasks.map((task) => {
    let json = serializedTasks.get(task);
    if (json === undefined) {
      json = JSON.stringify(task);
      serializedTasks.set(task, json);
    }
    return json;
  });
  return `{"version":${file.version},"tasks":[\n${parts.join(',\n')}\n]}`;
}

export class TaskStore {
  private readonly tasks = new Map<string, IncidentTask>();
  private readonly listeners = new Set<(taskId: string) => void>();

  private constructor(
    private readonly options: TaskStoreOptions,
    private readonly file: AtomicJsonFile<TaskFile>,
    /** How the file was found on open: 'recovered' means a corrupt file was moved aside (tell the user). */
    readonly loadStatus: AtomicLoadStatus,
  ) {}

  static async open(options: TaskStoreOptions): Promise<TaskStore> {
    const file = new AtomicJsonFile<TaskFile>({
      file: options.file,
      schema: taskFileSchema,
      empty: () => ({ version: 1, tasks: [] }),
      clock: options.clock,
      logger: options.logger,
      component: 'tasks',
      serialize: serializeTaskFile,
    });
    const loaded = await file.load();
    const store = new TaskStore(options, file, loaded.status);
    for (const task of loaded.value.tasks) store.tasks.set(task.id, task);
    options.logger.debug(`[tasks] loaded ${store.tasks.size} task(s) from ${options.file}`);
    return store;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Newest first. */
  list(filter: TaskFilter = {}): TaskSummary[] {
    return [...this.tasks.values()]
      .filter((t) => matches(t, filter))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
      .map(summarize);
  }

  /** A copy: changing it changes nothing in the store. */
  get(taskId: string): IncidentTask | undefined {
    const task = this.tasks.get(taskId);
    return task && structuredClone(task);
  }

  /** Every task, newest first, as copies (for export or a full history view). */
  all(): IncidentTask[] {
    return [...this.tasks.values()].sort((a, b) => b.createdAt - a.createdAt).map((t) => structuredClone(t));
  }

  onDidChange(listener: (taskId: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async create(input: transitions.NewTaskInput, who: string): Promise<IncidentTask> {
    const task = transitions.createTask(this.newId('t'), input, this.actor(who));
    this.tasks.set(task.id, task);
    await this.commit(task.id);
    return structuredClone(task);
  }

  moveStep(taskId: string, stepId: string, to: StepStatus, who: string, note?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.moveStep(t, stepId, to, this.actor(who), note));
  }

  addNote(taskId: string, text: string, who: string, stepId?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.addNote(t, text, this.actor(who), stepId));
  }

  async requestCommand(taskId: string, stepId: string, who: string): Promise<CommandRun> {
    let run: CommandRun | undefined;
    await this.mutate(taskId, (t) => {
      run = transitions.requestCommand(t, stepId, this.newId('r'), this.actor(who));
    });
    return { ...run! };
  }

  confirmCommand(taskId: string, runId: string, who: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.confirmCommand(t, runId, this.actor(who)));
  }

  declineCommand(taskId: string, runId: string, who: string, note?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.declineCommand(t, runId, this.actor(who), note));
  }

  markCommandRan(taskId: string, runId: string, who: string, ranIn?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.markCommandRan(t, runId, this.actor(who), ranIn));
  }

  recordCommandOutcome(
    taskId: string,
    runId: string,
    outcome: CommandOutcome,
    who: string,
    details?: { exitCode?: number; note?: string },
  ): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.recordCommandOutcome(t, runId, outcome, this.actor(who), details));
  }

  /** For manual checks (a person says it holds) or to override the detector. */
  setCheckStatus(taskId: string, checkId: string, status: CheckStatus, who: string, detail?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => void transitions.setCheckStatus(t, checkId, status, this.actor(who), detail));
  }

  /**
   * Evaluates every detector-checkable check of open and in-progress tasks against the snapshot. Saves (once) only
   * when a status changed, so the adapter can call this on each detector update.
   */
  async evaluateChecks(snapshot: DetectorSnapshot, who = 'detector'): Promise<CheckChange[]> {
    const changes: CheckChange[] = [];
    for (const [taskId, task] of this.tasks) {
      if (task.status !== 'open' && task.status !== 'inProgress') continue;
      let draft: IncidentTask | undefined;
      task.checks.forEach((check, index) => {
        const result = evaluateLiveCheck(check.spec, check.armedAt, snapshot);
        if (!result || (result.status === check.status && result.detail === check.detail)) return;
        // Tasks are replaced, never edited in place (the serialised-JSON cache depends on it).
        draft ??= structuredClone(task);
        if (result.status !== check.status) {
          transitions.setCheckStatus(draft, check.id, result.status, { who, at: snapshot.now }, result.detail);
          changes.push({ taskId, checkId: check.id, ...result });
        } else {
          draft.checks[index].detail = result.detail;
        }
      });
      if (draft) this.tasks.set(taskId, draft);
    }
    const touched = new Set(changes.map((c) => c.taskId));
    if (touched.size > 0) {
      for (const id of touched) this.notify(id);
      await this.file.save(this.snapshot());
    }
    return changes;
  }

  resolve(taskId: string, who: string, note?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.moveTask(t, 'resolved', this.actor(who), note));
  }

  abandon(taskId: string, who: string, note?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.moveTask(t, 'abandoned', this.actor(who), note));
  }

  reopen(taskId: string, who: string, note?: string): Promise<IncidentTask> {
    return this.mutate(taskId, (t) => transitions.moveTask(t, 'inProgress', this.actor(who), note));
  }

  async delete(taskId: string): Promise<void> {
    if (!this.tasks.delete(taskId)) throw new TaskNotFoundError('task', taskId);
    await this.commit(taskId);
  }

  /** Resolves when every queued write has finished. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  private async mutate(taskId: string, change: (draft: IncidentTask) => void): Promise<IncidentTask> {
    const current = this.tasks.get(taskId);
    if (!current) throw new TaskNotFoundError('task', taskId);
    // Work on a copy so an illegal move (which throws midway) leaves the stored task untouched.
    const draft = structuredClone(current);
    change(draft);
    this.tasks.set(taskId, draft);
    await this.commit(taskId);
    return structuredClone(draft);
  }

  private async commit(taskId: string): Promise<void> {
    this.notify(taskId);
    await this.file.save(this.snapshot());
  }

  private notify(taskId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(taskId);
      } catch (error) {
        this.options.logger.error(error instanceof Error ? error : String(error));
      }
    }
  }

  private snapshot(): TaskFile {
    return { version: 1, tasks: [...this.tasks.values()] };
  }

  private actor(who: string): { who: string; at: number } {
    return { who, at: this.options.clock.now() };
  }

  private newId(prefix: 't' | 'r'): string {
    return this.options.newId?.(prefix) ?? `${prefix}-${this.options.clock.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  }
}

function matches(task: IncidentTask, filter: TaskFilter): boolean {
  if (filter.status !== undefined) {
    const wanted = typeof filter.status === 'string' ? [filter.status] : filter.status;
    if (!wanted.includes(task.status)) return false;
  }
  if (filter.category && task.context.classification?.category !== filter.category) return false;
  if (filter.file && !(task.context.file && pathEndsWith(task.context.file, filter.file))) return false;
  if (filter.from !== undefined && task.createdAt < filter.from) return false;
  if (filter.to !== undefined && task.createdAt > filter.to) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    if (!task.title.toLowerCase().includes(needle) && !task.plan.summary.toLowerCase().includes(needle)) return false;
  }
  return true;
}

function summarize(task: IncidentTask): TaskSummary {
  const steps = { total: task.steps.length, pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const s of task.steps) steps[s.status]++;
  const checks = { pending: 0, passing: 0, failing: 0 };
  for (const c of task.checks) checks[c.status]++;
  return {
    id: task.id,
    title: task.title,
    status: task.status,
    category: task.context.classification?.category,
    severity: task.context.classification?.severity,
    file: task.context.file,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    steps,
    checks,
  };
}
