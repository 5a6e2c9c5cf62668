import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  decodePanelToHost,
  hostToPanelSchema,
  panelToHostSchema,
  type HostToPanel,
  type IncidentView,
  type PanelToHost,
} from './webviewProtocol';

const incident: IncidentView = {
  id: 'inc-1',
  title: 'Checkout errors',
  severity: 'high',
  firstSeen: 1_700_000_000_000,
  lastSeen: 1_700_000_060_000,
  anomalies: [
    { id: 'a1', type: 'error_spike', severity: 'error', title: 'Error spike', explanation: '34% vs 1.2%', file: 'logs/app.log', line: 120 },
  ],
  classification: { category: 'database', severity: 'high', priority: 'P1', confidence: 0.82, source: 'llm', rationale: 'pool exhausted' },
  plan: {
    id: 'plan-1',
    summary: 'Relieve the connection pool',
    estimatedMinutes: 15,
    steps: [
      { id: 's1', title: 'Check pool usage', risk: 'safe', runnable: true, command: 'psql -c "select 1"' },
      { id: 's2', title: 'Restart the service', risk: 'dangerous', runnable: true, rollback: 'start the old version', estimatedMinutes: 5 },
    ],
    successCriteria: ['error rate below 1%'],
    rollback: ['redeploy previous release'],
    sources: [{ kind: 'runbook', label: 'DB pool', file: 'runbooks/db.md', line: 3 }],
  },
};

// Typed by message type, so adding a message to the protocol without a sample here fails to compile.
const panelSamples: { [K in PanelToHost['type']]: Extract<PanelToHost, { type: K }> } = {
  ready: { type: 'ready' },
  ask: { type: 'ask', requestId: 'r1', question: 'why is checkout failing?' },
  cancel: { type: 'cancel', requestId: 'r1' },
  openLocation: { type: 'openLocation', file: '/ws/logs/app.log', line: 42 },
  runStep: { type: 'runStep', incidentId: 'inc-1', stepId: 's1' },
  feedback: { type: 'feedback', incidentId: 'inc-1', target: 'classification', verdict: { kind: 'recategorize', category: 'network' } },
  searchRunbooks: { type: 'searchRunbooks', requestId: 'q1', query: 'disk full' },
  refresh: { type: 'refresh', what: 'dashboard' },
  clearHistory: { type: 'clearHistory' },
  startTask: { type: 'startTask', incidentId: 'inc-1' },
  selectTask: { type: 'selectTask', taskId: 't-1' },
  taskAction: { type: 'taskAction', taskId: 't-1', action: 'reopen' },
  stepAction: { type: 'stepAction', taskId: 't-1', stepId: 's1', action: 'run' },
};

const taskSummary = {
  id: 't-1',
  title: 'Error spike in app.log',
  status: 'inProgress' as const,
  category: 'Database',
  severity: 'high',
  file: '/ws/logs/app.log',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_060_000,
  steps: { total: 3, pending: 1, running: 1, done: 1, failed: 0, skipped: 0 },
  checks: { pending: 1, passing: 1, failing: 0 },
};

const hostSamples: { [K in HostToPanel['type']]: Extract<HostToPanel, { type: K }> } = {
  history: {
    type: 'history',
    turns: [{ requestId: 'r0', question: 'hi', answer: '**hello**', citations: [], status: 'done', askedAt: 1, footer: 'offline' }],
  },
  turn: {
    type: 'turn',
    turn: { requestId: 'report-1', question: '', title: 'Analysis of app.log', answer: '# Report', citations: [], status: 'done', askedAt: 2 },
  },
  answerChunk: { type: 'answerChunk', requestId: 'r1', text: 'The pool ' },
  answerDone: {
    type: 'answerDone',
    requestId: 'r1',
    citations: [{ kind: 'log', label: 'pool exhausted', file: 'logs/app.log', line: 120, excerpt: 'ERROR pool' }],
    footer: 'llama3 via endpoint',
    stopped: false,
  },
  error: { type: 'error', requestId: 'r1', message: 'endpoint unreachable' },
  incidents: { type: 'incidents', incidents: [incident], categories: ['database', 'network'] },
  dashboard: {
    type: 'dashboard',
    dashboard: {
      windowSeconds: 60,
      generatedAt: 1_700_000_000_000,
      files: [
        {
          path: 'logs/app.log',
          windows: [
            { start: 1_700_000_000_000, count: 120, errorRate: 0.01, p95Ms: 230 },
            { start: 1_700_000_060_000, count: 300, errorRate: 0.34, p95Ms: null },
          ],
          anomalies: [{ id: 'a1', line: 120, type: 'error_spike', severity: 'error', windowIndex: 1, title: 'Error spike' }],
          topTemplates: [{ id: 't1', pattern: 'GET <*> took <NUM> ms', count: 400, exampleLine: 7 }],
        },
      ],
    },
  },
  runbookResults: {
    type: 'runbookResults',
    requestId: 'q1',
    query: 'disk full',
    results: [{ file: 'runbooks/disk.md', line: 12, title: 'Disk full', heading: 'Free space', excerpt: 'du -sh', score: 0.91 }],
  },
  stepStatus: { type: 'stepStatus', incidentId: 'inc-1', stepId: 's1', status: 'succeeded', message: 'exit 0' },
  focus: { type: 'focus', tab: 'chat', incidentId: 'inc-1', anomalyId: 'a1', draft: 'Explain the error spike in app.log' },
  tasks: { type: 'tasks', tasks: [taskSummary] },
  task: {
    type: 'task',
    taskId: 't-1',
    task: {
      ...taskSummary,
      summary: 'Relieve the pool',
      line: 120,
      createdBy: 'sam',
      stepList: [
        { id: 's1', title: 'Check pool', command: 'psql -c "select 1"', risk: 'safe', riskReasons: [], status: 'done', lastRun: 'succeeded (exit 0)' },
        { id: 's2', title: 'Restart', risk: 'caution', riskReasons: ['restarts a workload'], status: 'running', note: 'slow' },
      ],
      checkList: [{ id: 'c1', criterion: 'Error rate back under baseline on app.log', status: 'passing', detail: '0.5% vs 1.2%', manual: false }],
      history: [{ at: 1_700_000_000_000, text: 'task created', who: 'sam' }],
    },
  },
};

describe('webviewProtocol', () => {
  for (const sample of Object.values(panelSamples)) {
    it(`round-trips panel message ${sample.type} through JSON`, () => {
      const wire: unknown = JSON.parse(JSON.stringify(sample));
      assert.deepEqual(panelToHostSchema.parse(wire), sample);
    });
  }

  for (const sample of Object.values(hostSamples)) {
    it(`round-trips host message ${sample.type} through JSON`, () => {
      const wire: unknown = JSON.parse(JSON.stringify(sample));
      assert.deepEqual(hostToPanelSchema.parse(wire), sample);
    });
  }

  it('rejects malformed panel messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      42,
      {},
      { type: 'nope' },
      { type: 'ask', requestId: 'r1' },
      { type: 'ask', requestId: 'r1', question: '   ' },
      { type: 'ask', requestId: '', question: 'why?' },
      { type: 'openLocation', file: 'a.log', line: 0 },
      { type: 'openLocation', file: 'a.log', line: 1.5 },
      { type: 'openLocation', file: '', line: 3 },
      { type: 'runStep', incidentId: 'i', stepId: 7 },
      { type: 'feedback', incidentId: 'i', target: 'classification', verdict: { kind: 'recategorize' } },
      { type: 'feedback', incidentId: 'i', target: 'everything', verdict: { kind: 'up' } },
      { type: 'refresh', what: 'everything' },
      { type: 'searchRunbooks', query: 'x' },
      { type: 'stepAction', taskId: 't', stepId: 's1', action: 'rm -rf' },
      { type: 'taskAction', taskId: '', action: 'reopen' },
      { type: 'startTask' },
    ];
    for (const raw of bad) {
      assert.equal(panelToHostSchema.safeParse(raw).success, false, JSON.stringify(raw));
      assert.equal(decodePanelToHost(raw).ok, false, JSON.stringify(raw));
    }
  });

  it('trims questions and rejects oversized ones', () => {
    const decoded = decodePanelToHost({ type: 'ask', requestId: 'r', question: '  why?  ' });
    assert.deepEqual(decoded, { ok: true, message: { type: 'ask', requestId: 'r', question: 'why?' } });
    assert.equal(decodePanelToHost({ type: 'ask', requestId: 'r', question: 'x'.repeat(20_001) }).ok, false);
  });

  it('explains a rejection by type and field without echoing the payload', () => {
    const secret = 'password=hunter2';
    const decoded = decodePanelToHost({ type: 'openLocation', file: secret, line: -1 });
    assert.equal(decoded.ok, false);
    if (decoded.ok) return;
    assert.match(decoded.reason, /^openLocation: line/);
    assert.doesNotMatch(decoded.reason, /hunter2/);
    const notObject = decodePanelToHost('hello');
    assert.equal(notObject.ok, false);
    if (!notObject.ok) assert.match(notObject.reason, /^string/);
  });

  it('rejects host payloads that break the view contracts', () => {
    const badDashboard = structuredClone(hostSamples.dashboard);
    badDashboard.dashboard.files[0]!.windows[0]!.errorRate = 1.5;
    assert.equal(hostToPanelSchema.safeParse(badDashboard).success, false);
    const badIncident = structuredClone(hostSamples.incidents);
    badIncident.incidents[0]!.plan!.steps[0]!.risk = 'yolo' as 'safe';
    assert.equal(hostToPanelSchema.safeParse(badIncident).success, false);
    const badConfidence = structuredClone(hostSamples.incidents);
    badConfidence.incidents[0]!.classification!.confidence = 82;
    assert.equal(hostToPanelSchema.safeParse(badConfidence).success, false);
  });
});
