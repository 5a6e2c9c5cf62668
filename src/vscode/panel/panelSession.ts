/**
 * One open panel's conversation with its webview, without the editor API: validates what the webview sends, gates
 * everything on the `ready` handshake, streams answers with request ids, cancels, and pushes fresh data.
 * OpsPanel wires it to a real webview; tests drive it directly.
 */
import type { Clock } from '../../core/clock';
import { systemClock } from '../../core/clock';
import type { Disposable } from '../../core/lifecycle';
import type { Logger } from '../../core/logger';
import { assertNever } from '../../shared/assertNever';
import {
  decodePanelToHost,
  type ChatTurnView,
  type HostToPanel,
  type PanelTab,
  type PanelToHost,
} from '../../shared/webviewProtocol';
import type { ChatHistory } from './chatHistory';
import type { PanelBackend, PanelTopic } from './panelBackend';

export interface PanelSessionOptions {
  backend: PanelBackend;
  history: ChatHistory;
  log: Logger;
  /** Delivers one message to the webview; false or a rejection when the webview is gone. */
  post(message: HostToPanel): boolean | PromiseLike<boolean>;
  clock?: Clock;
  /** Coalesces bursts of watcher updates into one push per topic per interval; 0 pushes at once. */
  pushIntervalMs?: number;
}

/** Where "Open in panel" should land; the first of question, incident and anomaly decides the tab. */
export interface PanelFocus {
  tab?: PanelTab;
  incidentId?: string;
  anomalyId?: string;
  /** Prefilled in the chat box, not sent: the user edits it and presses Enter. */
  question?: string;
  /** A task to select in the Tasks tab. */
  taskId?: string;
}

export interface PanelReport {
  title: string;
  markdown: string;
  citations: ChatTurnView['citations'];
  footer?: string;
}

const maxErrorChars = 300;

export class PanelSession implements Disposable {
  private ready = false;
  private disposed = false;
  private readonly answers = new Map<string, AbortController>();
  private search: AbortController | undefined;
  private pendingFocus: Extract<HostToPanel, { type: 'focus' }> | undefined;
  private readonly pushTimers = new Map<PanelTopic, ReturnType<typeof setTimeout>>();
  private readonly backendSubscription: Disposable | undefined;
  private readonly clock: Clock;
  private readonly pushIntervalMs: number;
  private reportSeq = 0;
  private readonly deliveredCounts: Partial<Record<HostToPanel['type'], number>> = {};
  /** The task whose detail the panel shows; its detail is pushed again whenever tasks change. */
  private selectedTaskId: string | undefined;

  constructor(private readonly options: PanelSessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.pushIntervalMs = options.pushIntervalMs ?? 250;
    this.backendSubscription = options.backend.onDidChange?.((topic) => this.schedulePush(topic));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** How many messages of each type the webview accepted, for the output channel and integration tests. */
  get delivered(): Readonly<Partial<Record<HostToPanel['type'], number>>> {
    return this.deliveredCounts;
  }

  /** Entry point for every raw webview message. Invalid ones are dropped with one log line. */
  async receive(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const decoded = decodePanelToHost(raw);
    if (!decoded.ok) {
      this.options.log.warn(`[panel] dropped message: ${decoded.reason}`);
      return;
    }
    try {
      await this.handle(decoded.message);
    } catch (error) {
      this.options.log.error(error instanceof Error ? error : new Error(String(error)));
      this.post({ type: 'error', message: `Ops Copilot could not ${describe(decoded.message)}: ${messageOf(error)}` });
    }
  }

  /** The webview's content was discarded (panel hidden or moved): it will send `ready` again when it comes back. */
  markNotReady(): void {
    this.ready = false;
  }

  /** Shows a tab, an incident or a prefilled question; remembered until the webview is ready. */
  focus(request: PanelFocus): void {
    const tab: PanelTab =
      request.tab ??
      (request.question ? 'chat' : request.taskId ? 'tasks' : request.incidentId || request.anomalyId ? 'incidents' : 'chat');
    if (request.taskId) {
      this.selectedTaskId = request.taskId;
      if (this.ready) void this.pushTask(request.taskId);
    }
    const message: HostToPanel = {
      type: 'focus',
      tab,
      ...(request.incidentId ? { incidentId: request.incidentId } : {}),
      ...(request.anomalyId ? { anomalyId: request.anomalyId } : {}),
      ...(request.taskId ? { taskId: request.taskId } : {}),
      ...(request.question ? { draft: request.question.slice(0, 20_000) } : {}),
    };
    if (this.ready) this.post(message);
    else this.pendingFocus = message;
  }

  /** Adds an "Analyze This Log" style report to the chat transcript and brings the chat to the front. */
  showReport(report: PanelReport): void {
    const turn: ChatTurnView = {
      requestId: `report-${this.clock.now().toString(36)}-${(this.reportSeq++).toString(36)}`,
      question: '',
      title: report.title,
      answer: report.markdown,
      citations: report.citations,
      status: 'done',
      askedAt: this.clock.now(),
      ...(report.footer ? { footer: report.footer } : {}),
    };
    this.options.history.upsert(turn);
    this.post({ type: 'turn', turn });
    this.focus({ tab: 'chat' });
  }

  /** Pushes fresh incidents or dashboard data, coalescing bursts. */
  schedulePush(topic: PanelTopic): void {
    if (this.disposed || !this.ready) return; // the snapshot on `ready` covers it
    if (this.pushIntervalMs === 0) {
      void this.push(topic);
      return;
    }
    if (this.pushTimers.has(topic)) return;
    this.pushTimers.set(
      topic,
      setTimeout(() => {
        this.pushTimers.delete(topic);
        void this.push(topic);
      }, this.pushIntervalMs),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    for (const controller of this.answers.values()) controller.abort();
    this.answers.clear();
    this.search?.abort();
    for (const timer of this.pushTimers.values()) clearTimeout(timer);
    this.pushTimers.clear();
    this.backendSubscription?.dispose();
  }

  private async handle(message: PanelToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.onReady();
      case 'ask':
        return this.answer(message.requestId, message.question);
      case 'cancel':
        this.answers.get(message.requestId)?.abort();
        return;
      case 'openLocation':
        return this.options.backend.openLocation({ file: message.file, line: message.line });
      case 'runStep':
        return this.runStep(message.incidentId, message.stepId);
      case 'feedback':
        return this.options.backend.feedback(message);
      case 'searchRunbooks':
        return this.searchRunbooks(message.requestId, message.query);
      case 'refresh':
        return this.push(message.what);
      case 'clearHistory':
        this.options.history.clear();
        this.post({ type: 'history', turns: [...this.options.history.all()] });
        return;
      case 'startTask': {
        const taskId = await this.requireTasks().startFromIncident(message.incidentId);
        this.focus({ taskId });
        return this.push('tasks');
      }
      case 'selectTask':
        this.selectedTaskId = message.taskId;
        return this.pushTask(message.taskId);
      case 'taskAction':
        return this.requireTasks().taskAction(message.taskId, message.action);
      case 'stepAction':
        return this.requireTasks().stepAction(message.taskId, message.stepId, message.action);
      default:
        return assertNever(message);
    }
  }

  private async onReady(): Promise<void> {
    this.ready = true;
    this.post({ type: 'history', turns: [...this.options.history.all()] });
    await Promise.all([this.push('incidents'), this.push('dashboard'), this.push('tasks')]);
    if (this.pendingFocus && this.ready) {
      this.post(this.pendingFocus);
      this.pendingFocus = undefined;
    }
  }

  private async push(topic: PanelTopic): Promise<void> {
    const { backend, log } = this.options;
    try {
      if (topic === 'incidents') {
        const snapshot = await backend.incidents();
        this.post({ type: 'incidents', incidents: snapshot.incidents, categories: snapshot.categories });
      } else if (topic === 'tasks') {
        if (!backend.tasks) return;
        this.post({ type: 'tasks', tasks: await backend.tasks.list() });
        if (this.selectedTaskId !== undefined) await this.pushTask(this.selectedTaskId);
      } else {
        this.post({ type: 'dashboard', dashboard: await backend.dashboard() });
      }
    } catch (error) {
      log.error(error instanceof Error ? error : new Error(String(error)));
      this.post({ type: 'error', message: `Ops Copilot could not load ${topic}: ${messageOf(error)}` });
    }
  }

  private async pushTask(taskId: string): Promise<void> {
    const tasks = this.options.backend.tasks;
    if (!tasks) return;
    const task = await tasks.detail(taskId);
    this.post({ type: 'task', taskId, ...(task ? { task } : {}) });
  }

  private requireTasks(): NonNullable<PanelBackend['tasks']> {
    const tasks = this.options.backend.tasks;
    if (!tasks) throw new Error('incident tasks are not available here');
    return tasks;
  }

  private async answer(requestId: string, question: string): Promise<void> {
    const { history, backend, log } = this.options;
    if (this.answers.has(requestId) || history.get(requestId)) {
      log.warn(`[panel] ignored a repeated ask for request ${requestId}`);
      return;
    }
    const earlier = history.all().filter((turn) => turn.status === 'done');
    history.start(requestId, question, this.clock.now());
    const controller = new AbortController();
    this.answers.set(requestId, controller);
    const started = this.clock.now();
    let firstChunkLogged = false;
    try {
      const result = await backend.ask({ requestId, question, history: earlier }, controller.signal, (markdown) => {
        // Chunks after stop are dropped: the panel already shows the answer as stopped.
        if (controller.signal.aborted || markdown.length === 0) return;
        if (!firstChunkLogged) {
          firstChunkLogged = true;
          log.debug(`[panel] first chunk for ${requestId} after ${this.clock.now() - started} ms`);
        }
        history.append(requestId, markdown);
        this.post({ type: 'answerChunk', requestId, text: markdown });
      });
      const stopped = controller.signal.aborted;
      history.finish(requestId, { citations: result.citations, footer: result.footer, stopped });
      this.post({
        type: 'answerDone',
        requestId,
        citations: result.citations,
        ...(result.footer ? { footer: result.footer } : {}),
        ...(stopped ? { stopped } : {}),
      });
    } catch (error) {
      if (controller.signal.aborted) {
        history.finish(requestId, { citations: [], stopped: true });
        this.post({ type: 'answerDone', requestId, citations: [], stopped: true });
      } else {
        log.error(error instanceof Error ? error : new Error(String(error)));
        const message = `The answer failed: ${messageOf(error)}`;
        history.fail(requestId, message);
        this.post({ type: 'error', requestId, message });
      }
    } finally {
      this.answers.delete(requestId);
    }
  }

  private async searchRunbooks(requestId: string, query: string): Promise<void> {
    // Live search: a newer query makes the older one moot.
    this.search?.abort();
    const controller = new AbortController();
    this.search = controller;
    if (query.trim().length === 0) {
      this.post({ type: 'runbookResults', requestId, query, results: [] });
      return;
    }
    try {
      const results = await this.options.backend.searchRunbooks(query, controller.signal);
      if (controller.signal.aborted) return;
      this.post({ type: 'runbookResults', requestId, query, results });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.options.log.error(error instanceof Error ? error : new Error(String(error)));
      this.post({ type: 'error', requestId, message: `Runbook search failed: ${messageOf(error)}` });
    } finally {
      if (this.search === controller) this.search = undefined;
    }
  }

  private async runStep(incidentId: string, stepId: string): Promise<void> {
    this.post({ type: 'stepStatus', incidentId, stepId, status: 'running' });
    try {
      const outcome = await this.options.backend.runStep(incidentId, stepId);
      this.post({
        type: 'stepStatus',
        incidentId,
        stepId,
        status: outcome.status,
        ...(outcome.message ? { message: clip(outcome.message) } : {}),
      });
    } catch (error) {
      this.options.log.error(error instanceof Error ? error : new Error(String(error)));
      this.post({ type: 'stepStatus', incidentId, stepId, status: 'failed', message: clip(messageOf(error)) });
    }
  }

  private post(message: HostToPanel): void {
    if (this.disposed || !this.ready) {
      this.options.log.trace(`[panel] not ready, held back ${message.type}`);
      return;
    }
    const count = (delivered: boolean): void => {
      if (delivered) this.deliveredCounts[message.type] = (this.deliveredCounts[message.type] ?? 0) + 1;
    };
    try {
      const delivered = this.options.post(message);
      if (typeof delivered === 'boolean') count(delivered);
      else delivered.then(count, (error: unknown) => this.options.log.warn(`[panel] post failed: ${messageOf(error)}`));
    } catch (error) {
      this.options.log.warn(`[panel] post failed: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error));
}

function clip(text: string): string {
  return text.length > maxErrorChars ? `${text.slice(0, maxErrorChars - 1)}…` : text;
}

function describe(message: PanelToHost): string {
  switch (message.type) {
    case 'openLocation':
      return 'open that location';
    case 'feedback':
      return 'record the feedback';
    case 'startTask':
      return 'start the task';
    case 'stepAction':
      return message.action === 'run' ? 'run the step' : `mark the step ${message.action}`;
    case 'taskAction':
      return message.action === 'exportPostmortem' ? 'export the postmortem' : `${message.action} the task`;
    default:
      return `handle ${message.type}`;
  }
}
