import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { Logger } from '../../core/logger';
import type { DashboardView, FeedbackMessage, HostToPanel, TaskDetailView, TaskSummaryView } from '../../shared/webviewProtocol';
import { ChatHistory, type StateStore } from './chatHistory';
import type { AskRequest, AskResult, PanelBackend, PanelTaskBackend, PanelTopic, StepOutcome } from './panelBackend';
import { PanelSession } from './panelSession';

class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  trace(message: string): void {
    this.lines.push(`trace ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`debug ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string | Error): void {
    this.lines.push(`error ${message instanceof Error ? message.message : message}`);
  }
}

class MemoryStore implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
}

const dashboard: DashboardView = { windowSeconds: 60, generatedAt: 0, files: [] };

/** A backend whose ask streams the chunks it is given, waiting on `gate` before finishing when one is set. */
class FakeBackend implements PanelBackend {
  tasks?: PanelTaskBackend;
  chunks = ['The disk ', 'is full [1].'];
  gate: Promise<void> | undefined;
  askError: Error | undefined;
  readonly asked: AskRequest[] = [];
  readonly opened: { file: string; line: number }[] = [];
  readonly feedbacks: FeedbackMessage[] = [];
  readonly searches: { query: string; signal: AbortSignal; release: () => void }[] = [];
  stepOutcome: StepOutcome = { status: 'succeeded', message: 'exit 0' };
  openError: Error | undefined;
  private listener: ((topic: PanelTopic) => void) | undefined;

  async ask(request: AskRequest, signal: AbortSignal, onChunk: (markdown: string) => void): Promise<AskResult> {
    this.asked.push(request);
    for (const chunk of this.chunks) {
      onChunk(chunk);
      await Promise.resolve();
    }
    if (this.gate) await this.gate;
    if (this.askError) throw this.askError;
    // Like a real client that notices the abort only after the stream ends, it keeps emitting one more chunk.
    if (signal.aborted) onChunk(' late chunk');
    return { citations: [{ kind: 'runbook', label: 'Disk full', file: 'runbooks/disk.md', line: 4 }], footer: 'offline' };
  }
  incidents() {
    return { incidents: [], categories: ['disk'] };
  }
  dashboard(): DashboardView {
    return dashboard;
  }
  searchRunbooks(query: string, signal: AbortSignal): Promise<[]> {
    return new Promise((resolve) => this.searches.push({ query, signal, release: () => resolve([]) }));
  }
  async openLocation(location: { file: string; line: number }): Promise<void> {
    if (this.openError) throw this.openError;
    this.opened.push(location);
  }
  async runStep(): Promise<StepOutcome> {
    return this.stepOutcome;
  }
  feedback(message: FeedbackMessage): void {
    this.feedbacks.push(message);
  }
  onDidChange(listener: (topic: PanelTopic) => void) {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  fire(topic: PanelTopic): void {
    this.listener?.(topic);
  }
}

function setup(store = new MemoryStore()) {
  const backend = new FakeBackend();
  const log = new RecordingLogger();
  const posted: HostToPanel[] = [];
  let now = 1_000;
  const history = new ChatHistory(store, log);
  const session = new PanelSession({
    backend,
    history,
    log,
    post: (message) => {
      posted.push(message);
      return true;
    },
    clock: { now: () => now++ },
    pushIntervalMs: 0,
  });
  return { backend, log, posted, session, history, store };
}

const types = (messages: HostToPanel[]) => messages.map((message) => message.type);

describe('PanelSession', () => {
  it('posts nothing before ready, then sends history, incidents and dashboard', async () => {
    const { session, posted, backend } = setup();
    session.focus({ incidentId: 'inc-1' });
    backend.fire('incidents');
    await session.receive({ type: 'refresh', what: 'dashboard' });
    assert.deepEqual(posted, []);
    await session.receive({ type: 'ready' });
    assert.deepEqual(types(posted), ['history', 'incidents', 'dashboard', 'focus']);
    assert.deepEqual(session.delivered, { history: 1, incidents: 1, dashboard: 1, focus: 1 });
    assert.deepEqual(posted[3], { type: 'focus', tab: 'incidents', incidentId: 'inc-1' });
  });

  it('lands "Open in panel" on the chat with a prefilled question, or on the incident', async () => {
    const { session, posted } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    session.focus({ anomalyId: 'a1', question: 'Why did errors spike?' });
    session.focus({ anomalyId: 'a1' });
    session.focus({ tab: 'dashboard' });
    assert.deepEqual(posted, [
      { type: 'focus', tab: 'chat', anomalyId: 'a1', draft: 'Why did errors spike?' },
      { type: 'focus', tab: 'incidents', anomalyId: 'a1' },
      { type: 'focus', tab: 'dashboard' },
    ]);
  });

  it('drops invalid messages with one log line and keeps working', async () => {
    const { session, posted, log } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    await session.receive({ type: 'openLocation', file: 'a.log', line: 0 });
    await session.receive({ type: 'launchMissiles' });
    await session.receive('garbage');
    assert.deepEqual(posted, []);
    assert.equal(log.lines.filter((line) => line.startsWith('warn [panel] dropped message')).length, 3);
    await session.receive({ type: 'openLocation', file: 'a.log', line: 3 });
  });

  it('streams an answer as chunks under the request id, then answerDone with citations', async () => {
    const { session, posted, history } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    await session.receive({ type: 'ask', requestId: 'r1', question: 'why?' });
    assert.deepEqual(posted, [
      { type: 'answerChunk', requestId: 'r1', text: 'The disk ' },
      { type: 'answerChunk', requestId: 'r1', text: 'is full [1].' },
      {
        type: 'answerDone',
        requestId: 'r1',
        citations: [{ kind: 'runbook', label: 'Disk full', file: 'runbooks/disk.md', line: 4 }],
        footer: 'offline',
      },
    ]);
    const turn = history.get('r1');
    assert.equal(turn?.answer, 'The disk is full [1].');
    assert.equal(turn?.status, 'done');
  });

  it('passes earlier finished turns as context and ignores a repeated request id', async () => {
    const { session, backend, log } = setup();
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'ask', requestId: 'r1', question: 'first' });
    await session.receive({ type: 'ask', requestId: 'r2', question: 'second' });
    await session.receive({ type: 'ask', requestId: 'r2', question: 'second again' });
    assert.deepEqual(backend.asked.map((request) => request.history.map((turn) => turn.question)), [[], ['first']]);
    assert.ok(log.lines.some((line) => line.includes('repeated ask for request r2')));
  });

  it('stops on cancel: later chunks are dropped and the answer ends as stopped', async () => {
    const { session, posted, backend, history } = setup();
    let release!: () => void;
    backend.gate = new Promise((resolve) => (release = resolve));
    await session.receive({ type: 'ready' });
    posted.length = 0;
    const answering = session.receive({ type: 'ask', requestId: 'r1', question: 'why?' });
    await new Promise((resolve) => setImmediate(resolve));
    await session.receive({ type: 'cancel', requestId: 'r1' });
    release();
    await answering;
    assert.deepEqual(types(posted), ['answerChunk', 'answerChunk', 'answerDone']);
    assert.equal((posted[2] as Extract<HostToPanel, { type: 'answerDone' }>).stopped, true);
    assert.equal(history.get('r1')?.status, 'stopped');
    assert.equal(history.get('r1')?.answer, 'The disk is full [1].');
  });

  it('reports a failed answer as an error under its request id', async () => {
    const { session, posted, backend, history, log } = setup();
    backend.askError = new Error('connect ECONNREFUSED 127.0.0.1:11434');
    await session.receive({ type: 'ready' });
    posted.length = 0;
    await session.receive({ type: 'ask', requestId: 'r1', question: 'why?' });
    const last = posted.at(-1);
    assert.deepEqual(last, { type: 'error', requestId: 'r1', message: 'The answer failed: connect ECONNREFUSED 127.0.0.1:11434' });
    assert.equal(history.get('r1')?.status, 'error');
    assert.ok(log.lines.some((line) => line.startsWith('error connect ECONNREFUSED')));
  });

  it('keeps only the newest runbook search', async () => {
    const { session, posted, backend } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    const first = session.receive({ type: 'searchRunbooks', requestId: 'q1', query: 'dis' });
    const second = session.receive({ type: 'searchRunbooks', requestId: 'q2', query: 'disk' });
    assert.equal(backend.searches[0]?.signal.aborted, true);
    for (const search of backend.searches) search.release();
    await Promise.all([first, second]);
    assert.deepEqual(posted, [{ type: 'runbookResults', requestId: 'q2', query: 'disk', results: [] }]);
  });

  it('answers an empty search without asking the backend', async () => {
    const { session, posted, backend } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    await session.receive({ type: 'searchRunbooks', requestId: 'q1', query: '  ' });
    assert.equal(backend.searches.length, 0);
    assert.deepEqual(posted, [{ type: 'runbookResults', requestId: 'q1', query: '  ', results: [] }]);
  });

  it('reports step progress and forwards feedback and locations', async () => {
    const { session, posted, backend } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    backend.stepOutcome = { status: 'declined' };
    await session.receive({ type: 'runStep', incidentId: 'i1', stepId: 's1' });
    assert.deepEqual(posted, [
      { type: 'stepStatus', incidentId: 'i1', stepId: 's1', status: 'running' },
      { type: 'stepStatus', incidentId: 'i1', stepId: 's1', status: 'declined' },
    ]);
    const feedback = { type: 'feedback', incidentId: 'i1', target: 'plan', verdict: { kind: 'down' } } as const;
    await session.receive(feedback);
    assert.deepEqual(backend.feedbacks, [feedback]);
    await session.receive({ type: 'openLocation', file: 'logs/app.log', line: 9 });
    assert.deepEqual(backend.opened, [{ file: 'logs/app.log', line: 9 }]);
  });

  it('turns a failing action into an error message without a request id', async () => {
    const { session, posted, backend } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    backend.openError = new Error('logs/gone.log is outside the workspace');
    await session.receive({ type: 'openLocation', file: 'logs/gone.log', line: 1 });
    assert.deepEqual(posted, [
      { type: 'error', message: 'Ops Copilot could not open that location: logs/gone.log is outside the workspace' },
    ]);
  });

  it('holds messages while the webview is hidden and resends the snapshot with the partial answer on ready', async () => {
    const { session, posted, backend } = setup();
    let release!: () => void;
    backend.gate = new Promise((resolve) => (release = resolve));
    await session.receive({ type: 'ready' });
    const answering = session.receive({ type: 'ask', requestId: 'r1', question: 'why?' });
    await new Promise((resolve) => setImmediate(resolve));
    session.markNotReady();
    posted.length = 0;
    backend.fire('incidents');
    assert.deepEqual(posted, []);
    await session.receive({ type: 'ready' });
    const history = posted[0] as Extract<HostToPanel, { type: 'history' }>;
    assert.equal(history.type, 'history');
    assert.equal(history.turns[0]?.answer, 'The disk is full [1].');
    assert.equal(history.turns[0]?.status, 'streaming');
    release();
    await answering;
    assert.equal((posted as HostToPanel[]).at(-1)?.type, 'answerDone');
  });

  it('pushes backend changes once ready and stops after dispose', async () => {
    const { session, posted, backend } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    backend.fire('dashboard');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(types(posted), ['dashboard']);
    session.dispose();
    backend.fire('dashboard');
    await session.receive({ type: 'refresh', what: 'incidents' });
    assert.deepEqual(types(posted), ['dashboard']);
  });

  it('adds a report turn and brings the chat forward', async () => {
    const { session, posted, history } = setup();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    session.showReport({ title: 'Analysis of app.log', markdown: '# 3 anomalies', citations: [] });
    assert.deepEqual(types(posted), ['turn', 'focus']);
    assert.equal(history.all().at(-1)?.title, 'Analysis of app.log');
  });

  it('clears the history on request', async () => {
    const { session, posted, history } = setup();
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'ask', requestId: 'r1', question: 'why?' });
    posted.length = 0;
    await session.receive({ type: 'clearHistory' });
    assert.deepEqual(posted, [{ type: 'history', turns: [] }]);
    assert.equal(history.all().length, 0);
  });
});

describe('ChatHistory', () => {
  it('persists turns per store and restores a cut-off stream as stopped', async () => {
    const store = new MemoryStore();
    const log = new RecordingLogger();
    const first = new ChatHistory(store, log);
    first.start('r1', 'q1', 1);
    first.append('r1', 'partial');
    first.finish('r1', { citations: [] });
    first.start('r2', 'q2', 2);
    await first.flush();
    const second = new ChatHistory(store, log);
    assert.deepEqual(
      second.all().map((turn) => [turn.requestId, turn.status, turn.answer]),
      [
        ['r1', 'done', 'partial'],
        ['r2', 'stopped', ''],
      ],
    );
  });

  it('keeps the newest turns up to its limit', async () => {
    const store = new MemoryStore();
    const history = new ChatHistory(store, new RecordingLogger(), 3);
    for (let i = 0; i < 5; i++) history.start(`r${i}`, `q${i}`, i);
    await history.flush();
    assert.deepEqual(
      new ChatHistory(store, new RecordingLogger(), 3).all().map((turn) => turn.requestId),
      ['r2', 'r3', 'r4'],
    );
  });

  it('starts empty and says so when the stored history is corrupt', () => {
    const store = new MemoryStore();
    store.values.set('opsCopilot.panel.chatHistory', [{ requestId: 5 }]);
    const log = new RecordingLogger();
    assert.deepEqual(new ChatHistory(store, log).all(), []);
    assert.ok(log.lines.some((line) => line.startsWith('warn [panel] chat history unreadable')));
  });

  it('logs a failed save instead of throwing', async () => {
    const log = new RecordingLogger();
    const store: StateStore = { get: () => undefined, update: () => Promise.reject(new Error('disk full')) };
    const history = new ChatHistory(store, log);
    history.start('r1', 'q', 1);
    await history.flush();
    assert.ok(log.lines.includes('error disk full'));
  });
});

describe('PanelSession tasks', () => {
  const summary = (id: string, status: TaskSummaryView['status'] = 'open'): TaskSummaryView => ({
    id,
    title: `Task ${id}`,
    status,
    createdAt: 1,
    updatedAt: 2,
    steps: { total: 1, pending: 1, running: 0, done: 0, failed: 0, skipped: 0 },
    checks: { pending: 0, passing: 0, failing: 0 },
  });
  const detail = (id: string, status: TaskSummaryView['status'] = 'open'): TaskDetailView => ({
    ...summary(id, status),
    summary: 'plan',
    createdBy: 'sam',
    stepList: [],
    checkList: [],
    history: [],
  });

  function withTasks() {
    const context = setup();
    const calls: string[] = [];
    const tasks = new Map<string, TaskSummaryView['status']>([['t1', 'open']]);
    const backend: PanelTaskBackend = {
      list: () => [...tasks].map(([id, status]) => summary(id, status)),
      detail: (id) => (tasks.has(id) ? detail(id, tasks.get(id)) : undefined),
      startFromIncident: async (incidentId) => {
        if (incidentId !== 'inc-1') throw new Error('this incident has no remediation plan yet');
        tasks.set('t2', 'open');
        return 't2';
      },
      stepAction: async (taskId, stepId, action) => void calls.push(`${taskId}/${stepId}:${action}`),
      taskAction: async (taskId, action) => {
        calls.push(`${taskId}:${action}`);
        if (action === 'resolve') tasks.set(taskId, 'resolved');
      },
    };
    (context.backend as PanelBackend).tasks = backend;
    return { ...context, calls, tasks };
  }

  it('sends the task list on ready and the selected task’s detail again whenever tasks change', async () => {
    const { session, posted, backend } = withTasks();
    await session.receive({ type: 'ready' });
    const list = posted.find((m) => m.type === 'tasks');
    assert.deepEqual(list?.type === 'tasks' && list.tasks.map((t) => t.id), ['t1']);
    await session.receive({ type: 'selectTask', taskId: 't1' });
    assert.deepEqual(posted.at(-1), { type: 'task', taskId: 't1', task: detail('t1') });
    await session.receive({ type: 'taskAction', taskId: 't1', action: 'resolve' });
    posted.length = 0;
    backend.fire('tasks');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(types(posted), ['tasks', 'task']);
    const pushed = posted[1];
    assert.equal(pushed?.type === 'task' && pushed.task?.status, 'resolved');
  });

  it('starts a task from an incident card and focuses it in the Tasks tab; a card without a plan says so', async () => {
    const { session, posted } = withTasks();
    await session.receive({ type: 'ready' });
    posted.length = 0;
    await session.receive({ type: 'startTask', incidentId: 'inc-1' });
    assert.ok(posted.some((m) => m.type === 'focus' && m.tab === 'tasks' && m.taskId === 't2'));
    assert.ok(posted.some((m) => m.type === 'task' && m.taskId === 't2' && m.task?.id === 't2'));
    const list = posted.filter((m) => m.type === 'tasks').at(-1);
    assert.deepEqual(list?.type === 'tasks' && list.tasks.map((t) => t.id), ['t1', 't2']);
    await session.receive({ type: 'startTask', incidentId: 'inc-9' });
    assert.deepEqual(posted.at(-1), { type: 'error', message: 'Ops Copilot could not start the task: this incident has no remediation plan yet' });
  });

  it('routes step and task actions to the backend and says so when a backend has no tasks', async () => {
    const { session, calls } = withTasks();
    await session.receive({ type: 'ready' });
    await session.receive({ type: 'stepAction', taskId: 't1', stepId: 's1', action: 'run' });
    await session.receive({ type: 'taskAction', taskId: 't1', action: 'exportPostmortem' });
    assert.deepEqual(calls, ['t1/s1:run', 't1:exportPostmortem']);
    const plain = setup();
    await plain.session.receive({ type: 'ready' });
    assert.ok(!plain.posted.some((m) => m.type === 'tasks'), 'no task list without tasks');
    await plain.session.receive({ type: 'stepAction', taskId: 't1', stepId: 's1', action: 'done' });
    assert.deepEqual(plain.posted.at(-1), { type: 'error', message: 'Ops Copilot could not mark the step done: incident tasks are not available here' });
  });
});
