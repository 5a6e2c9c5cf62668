import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { ChatTurnView, IncidentView, TaskSummaryView } from '../src/shared/webviewProtocol';
import {
  anyTaskFilter,
  filterTasks,
  focusedIncidentId,
  initialPanelState,
  reducePanel,
  restorePanelState,
  toPersistedState,
  type PanelAction,
  type PanelState,
  type TaskListFilter,
} from './state';

const reduceAll = (actions: PanelAction[], from: PanelState = initialPanelState): PanelState =>
  actions.reduce(reducePanel, from);

const asked: PanelAction = { type: 'ui/ask', requestId: 'r1', question: 'why?', askedAt: 5 };
const citation = { kind: 'log', label: 'pool', file: 'logs/app.log', line: 12 } as const;
const incident: IncidentView = { id: 'i1', title: 'Errors', severity: 'high', anomalies: [] };

describe('reducePanel', () => {
  it('builds a streamed answer from chunks and finishes it with citations and footer', () => {
    const state = reduceAll([
      { type: 'ui/draft', text: 'why?' },
      asked,
      { type: 'answerChunk', requestId: 'r1', text: 'The pool ' },
      { type: 'answerChunk', requestId: 'r1', text: 'is exhausted [1].' },
      { type: 'answerDone', requestId: 'r1', citations: [citation], footer: 'offline' },
    ]);
    assert.equal(state.chat.draft, '');
    assert.deepEqual(state.chat.turns, [
      {
        requestId: 'r1',
        question: 'why?',
        answer: 'The pool is exhausted [1].',
        citations: [citation],
        status: 'done',
        askedAt: 5,
        footer: 'offline',
      },
    ]);
  });

  it('ignores chunks for unknown or finished requests without changing state identity', () => {
    const done = reduceAll([asked, { type: 'answerDone', requestId: 'r1', citations: [] }]);
    assert.equal(reducePanel(done, { type: 'answerChunk', requestId: 'r1', text: 'late' }), done);
    assert.equal(reducePanel(done, { type: 'answerChunk', requestId: 'other', text: 'x' }), done);
    assert.equal(reducePanel(done, { type: 'answerDone', requestId: 'r1', citations: [citation] }), done);
  });

  it('marks a cancelled answer as stopping, then stopped, keeping the partial text', () => {
    const stopping = reduceAll([asked, { type: 'answerChunk', requestId: 'r1', text: 'partial' }, { type: 'ui/cancel', requestId: 'r1' }]);
    assert.equal(stopping.chat.turns[0]?.stopping, true);
    const stopped = reducePanel(stopping, { type: 'answerDone', requestId: 'r1', citations: [], stopped: true });
    assert.equal(stopped.chat.turns[0]?.status, 'stopped');
    assert.equal(stopped.chat.turns[0]?.answer, 'partial');
    assert.equal(stopped.chat.turns[0]?.stopping, undefined);
  });

  it('puts a request error on its turn and a general error in the banner', () => {
    const failed = reduceAll([asked, { type: 'error', requestId: 'r1', message: 'endpoint down' }]);
    assert.equal(failed.chat.turns[0]?.status, 'error');
    assert.equal(failed.chat.turns[0]?.error, 'endpoint down');
    assert.equal(failed.banner, undefined);
    const banner = reducePanel(failed, { type: 'error', message: 'could not open file' });
    assert.equal(banner.banner, 'could not open file');
    assert.equal(reducePanel(banner, { type: 'ui/dismissBanner' }).banner, undefined);
    assert.equal(reducePanel(failed, { type: 'error', requestId: 'unknown', message: 'x' }), failed);
  });

  it('replaces turns with the host history and upserts single turns', () => {
    const turn: ChatTurnView = { requestId: 'h1', question: 'old', answer: 'a', citations: [], status: 'done', askedAt: 1 };
    const restored = reduceAll([asked, { type: 'history', turns: [turn] }]);
    assert.deepEqual(restored.chat.turns.map((t) => t.requestId), ['h1']);
    const report = { ...turn, requestId: 'rep', question: '', title: 'Report' };
    const withReport = reduceAll([{ type: 'turn', turn: report }, { type: 'turn', turn: { ...report, answer: 'v2' } }], restored);
    assert.deepEqual(withReport.chat.turns.map((t) => [t.requestId, t.answer]), [['h1', 'a'], ['rep', 'v2']]);
  });

  it('keeps only the newest search request results', () => {
    const searching = reduceAll([
      { type: 'ui/search', requestId: 'q1', query: 'dis' },
      { type: 'ui/search', requestId: 'q2', query: 'disk' },
    ]);
    assert.equal(searching.runbooks.pending, true);
    const hit = { file: 'runbooks/disk.md', line: 3, title: 'Disk', excerpt: 'df -h', score: 0.9 };
    const stale = reducePanel(searching, { type: 'runbookResults', requestId: 'q1', query: 'dis', results: [hit] });
    assert.equal(stale, searching);
    const fresh = reducePanel(searching, { type: 'runbookResults', requestId: 'q2', query: 'disk', results: [hit] });
    assert.deepEqual(fresh.runbooks, { query: 'disk', requestId: 'q2', pending: false, results: [hit] });
    const cleared = reducePanel(fresh, { type: 'ui/search', requestId: 'q3', query: '' });
    assert.deepEqual(cleared.runbooks.results, []);
    assert.equal(cleared.runbooks.pending, false);
    const failed = reduceAll([{ type: 'ui/search', requestId: 'q4', query: 'x' }, { type: 'error', requestId: 'q4', message: 'index missing' }]);
    assert.equal(failed.runbooks.error, 'index missing');
    assert.equal(failed.runbooks.pending, false);
  });

  it('tracks incidents, step status, votes and focus', () => {
    const state = reduceAll([
      { type: 'incidents', incidents: [incident], categories: ['database'] },
      { type: 'stepStatus', incidentId: 'i1', stepId: 's1', status: 'running' },
      { type: 'stepStatus', incidentId: 'i1', stepId: 's1', status: 'failed', message: 'exit 1' },
      { type: 'ui/vote', incidentId: 'i1', target: 'plan', vote: 'up' },
      { type: 'ui/vote', incidentId: 'i1', target: 'classification', vote: 'down' },
      { type: 'ui/vote', incidentId: 'i1', target: 'plan', vote: 'up' },
      { type: 'focus', tab: 'incidents', incidentId: 'i1' },
    ]);
    assert.equal(state.incidents.loaded, true);
    assert.deepEqual(state.incidents.steps, { 'i1/s1': { status: 'failed', message: 'exit 1' } });
    assert.deepEqual(state.incidents.votes, { 'i1/classification': 'down' });
    assert.equal(state.tab, 'incidents');
    assert.equal(state.incidents.focusedId, 'i1');
  });

  it('focuses the incident holding an anomaly, even when incidents arrive after the focus', () => {
    const withAnomaly: IncidentView = {
      ...incident,
      id: 'i2',
      anomalies: [{ id: 'a9', type: 'error_spike', severity: 'error', title: 't', explanation: 'e', file: 'f.log', line: 3 }],
    };
    const state = reduceAll([
      { type: 'focus', tab: 'incidents', anomalyId: 'a9' },
      { type: 'incidents', incidents: [incident, withAnomaly], categories: [] },
    ]);
    assert.equal(state.tab, 'incidents');
    assert.equal(focusedIncidentId(state.incidents), 'i2');
    const byId = reducePanel(state, { type: 'focus', tab: 'incidents', incidentId: 'i1' });
    assert.equal(focusedIncidentId(byId.incidents), 'i1');
    assert.equal(focusedIncidentId(reducePanel(state, { type: 'focus', tab: 'incidents', anomalyId: 'nope' }).incidents), undefined);
  });

  it('prefills the chat box from a focus with a draft', () => {
    const state = reduceAll([{ type: 'ui/draft', text: 'old' }, { type: 'focus', tab: 'chat', draft: 'Why did errors spike?' }]);
    assert.equal(state.chat.draft, 'Why did errors spike?');
    assert.equal(state.tab, 'chat');
  });

  it('leaves untouched slices with the same identity', () => {
    const before = reduceAll([asked, { type: 'incidents', incidents: [incident], categories: [] }]);
    const after = reducePanel(before, { type: 'answerChunk', requestId: 'r1', text: 'x' });
    assert.equal(after.incidents, before.incidents);
    assert.equal(after.runbooks, before.runbooks);
    assert.notEqual(after.chat, before.chat);
    assert.equal(reducePanel(before, { type: 'ui/selectTab', tab: 'chat' }), before);
  });
});

describe('panel state persistence', () => {
  it('drops the dashboard and banner and restores the rest', () => {
    const state = reduceAll([
      asked,
      { type: 'dashboard', dashboard: { windowSeconds: 60, generatedAt: 0, files: [] } },
      { type: 'error', message: 'oops' },
      { type: 'ui/selectTab', tab: 'runbooks' },
    ]);
    const saved: unknown = JSON.parse(JSON.stringify(toPersistedState(state)));
    const restored = restorePanelState(saved);
    assert.equal(restored.tab, 'runbooks');
    assert.deepEqual(restored.chat, state.chat);
    assert.deepEqual(restored.dashboard, {});
    assert.equal(restored.banner, undefined);
  });

  it('starts fresh from missing or foreign state', () => {
    for (const saved of [undefined, null, 'x', { version: 2 }, { version: 1, tab: 'chat', chat: {} }]) {
      assert.equal(restorePanelState(saved), initialPanelState);
    }
  });
});

describe('tasks in the panel state', () => {
  const day = 24 * 3600_000;
  const now = Date.UTC(2026, 10, 22, 12);
  const summary = (id: string, partial: Partial<TaskSummaryView> = {}): TaskSummaryView => ({
    id,
    title: `Task ${id}`,
    status: 'open',
    createdAt: now - day / 2,
    updatedAt: now,
    steps: { total: 2, pending: 2, running: 0, done: 0, failed: 0, skipped: 0 },
    checks: { pending: 1, passing: 0, failing: 0 },
    ...partial,
  });
  const items = [
    summary('t1', { status: 'inProgress', category: 'Database', file: '/ws/logs/app.log' }),
    summary('t2', { status: 'resolved', category: 'Network', file: '/ws/logs/edge.log', createdAt: now - 10 * day }),
    summary('t3', { status: 'abandoned', category: 'Database', file: '/ws/logs/app.log', title: 'Pool exhausted again', createdAt: now - 40 * day }),
  ];
  const ids = (filter: Partial<TaskListFilter>) => filterTasks(items, { ...anyTaskFilter, ...filter }, now).map((t) => t.id);

  it('filters by status (with "active" meaning open or in progress), category, file, age and text', () => {
    assert.deepEqual(ids({}), ['t1', 't2', 't3']);
    assert.deepEqual(ids({ status: 'active' }), ['t1']);
    assert.deepEqual(ids({ status: 'resolved' }), ['t2']);
    assert.deepEqual(ids({ category: 'Database' }), ['t1', 't3']);
    assert.deepEqual(ids({ file: '/ws/logs/app.log', days: 30 }), ['t1']);
    assert.deepEqual(ids({ days: 7 }), ['t1']);
    assert.deepEqual(ids({ text: 'pool' }), ['t3']);
    assert.deepEqual(ids({ text: 'EDGE.LOG' }), ['t2']);
  });

  it('keeps the selected task’s detail only while it is the selection, and drops a removed one', () => {
    const detail = { ...items[0]!, summary: 's', createdBy: 'sam', stepList: [], checkList: [], history: [] };
    let state = reduceAll([{ type: 'tasks', tasks: items }, { type: 'ui/selectTask', taskId: 't1' }, { type: 'task', taskId: 't1', task: detail }]);
    assert.equal(state.tasks.detail?.id, 't1');
    // A late reply for another task does not replace what is shown.
    assert.equal(reducePanel(state, { type: 'task', taskId: 't2', task: { ...detail, id: 't2' } }), state);
    state = reducePanel(state, { type: 'task', taskId: 't1' });
    assert.equal(state.tasks.selectedId, undefined);
    assert.equal(state.tasks.detail, undefined);
  });

  it('focuses the Tasks tab on a new task and persists only the filter and selection', () => {
    const state = reduceAll([
      { type: 'tasks', tasks: items },
      { type: 'ui/taskFilter', filter: { status: 'active' } },
      { type: 'focus', tab: 'tasks', taskId: 't1' },
    ]);
    assert.equal(state.tab, 'tasks');
    assert.equal(state.tasks.selectedId, 't1');
    const persisted = toPersistedState(state);
    assert.deepEqual(persisted.tasks, { loaded: false, items: [], filter: { ...anyTaskFilter, status: 'active' }, selectedId: 't1' });
    assert.deepEqual(restorePanelState(JSON.parse(JSON.stringify(persisted))).tasks, persisted.tasks);
  });

  it('restores state saved before the Tasks tab existed with no task filter', () => {
    const { tasks: _tasks, ...old } = toPersistedState(initialPanelState);
    assert.deepEqual(restorePanelState(JSON.parse(JSON.stringify(old))).tasks, initialPanelState.tasks);
  });
});
