import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { ChatTurnView, IncidentView } from '../src/shared/webviewProtocol';
import {
  focusedIncidentId,
  initialPanelState,
  reducePanel,
  restorePanelState,
  toPersistedState,
  type PanelAction,
  type PanelState,
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
