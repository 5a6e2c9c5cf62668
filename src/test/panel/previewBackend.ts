/**
 * A PanelBackend with canned data for the browser preview of the panel: two incidents, a dashboard for two log
 * files, a streamed answer that cites a runbook and a log line, and a plain word-overlap search over the bundled
 * runbooks. Preview only; the composition root wires the real services.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DashboardFileView, DashboardView, FeedbackMessage, IncidentView, RunbookHitView, SourceLocation } from '../../shared/webviewProtocol';
import type { AskRequest, AskResult, IncidentsSnapshot, PanelBackend, PanelTaskBackend, StepOutcome } from '../../vscode/panel/panelBackend';
import type { IncidentTask } from '../../core/tasks/incidentTask';
import * as transitions from '../../core/tasks/taskTransitions';
import { toDetailView, toSummaryView } from '../../vscode/tasks/taskViews';
import { sampleAnomaly, sampleClassification, samplePlan } from '../fakes/samplePlan';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PreviewBackend implements PanelBackend {
  readonly opened: SourceLocation[] = [];
  readonly feedbacks: FeedbackMessage[] = [];
  readonly steps: string[] = [];
  /** Task and step actions the panel sent, e.g. `t-checkout/s1:run`. */
  readonly taskActions: string[] = [];
  readonly tasks: PanelTaskBackend = previewTasks(this.taskActions);
  private readonly sections: { file: string; line: number; title: string; heading: string; text: string }[];

  constructor(
    private readonly runbookDir: string,
    private readonly answerMarkdown: string,
    private readonly chunkDelayMs = 12,
  ) {
    this.sections = loadSections(runbookDir);
  }

  async ask(_request: AskRequest, signal: AbortSignal, onChunk: (markdown: string) => void): Promise<AskResult> {
    // Word-sized chunks, like a model streaming tokens.
    for (const piece of this.answerMarkdown.match(/\S+\s*/g) ?? []) {
      if (signal.aborted) break;
      onChunk(piece);
      await sleep(this.chunkDelayMs);
    }
    return {
      citations: [
        { kind: 'runbook', label: 'DB connection pool exhausted › Mitigation', file: path.join(this.runbookDir, 'db-connection-pool-exhausted.md'), line: 40 },
        { kind: 'log', label: 'HikariPool-1 - Connection is not available', file: '/workspace/logs/checkout.log', line: 1842, excerpt: 'ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms' },
      ],
      footer: 'Answered offline (no model configured) · preview data',
    };
  }

  incidents(): IncidentsSnapshot {
    return { incidents: previewIncidents(this.runbookDir), categories: ['database', 'network', 'capacity', 'deployment', 'security', 'application'] };
  }

  dashboard(): DashboardView {
    return previewDashboard();
  }

  async searchRunbooks(query: string, signal: AbortSignal): Promise<RunbookHitView[]> {
    const terms = query.toLowerCase().split(/\W+/).filter((term) => term.length > 1);
    await sleep(5);
    if (signal.aborted || terms.length === 0) return [];
    return this.sections
      .map((section) => {
        const haystack = `${section.title} ${section.heading} ${section.text}`.toLowerCase();
        const hits = terms.filter((term) => haystack.includes(term)).length;
        return { section, score: hits / terms.length };
      })
      .filter((scored) => scored.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 8)
      .map(({ section, score }) => ({
        file: section.file,
        line: section.line,
        title: section.title,
        heading: section.heading,
        excerpt: section.text.slice(0, 220),
        score,
      }));
  }

  async openLocation(location: SourceLocation): Promise<void> {
    this.opened.push(location);
  }

  async runStep(incidentId: string, stepId: string): Promise<StepOutcome> {
    this.steps.push(`${incidentId}/${stepId}`);
    await sleep(50);
    return { status: 'succeeded', message: 'exit code 0 in 0.4 s' };
  }

  feedback(message: FeedbackMessage): void {
    this.feedbacks.push(message);
  }
}

function loadSections(dir: string): { file: string; line: number; title: string; heading: string; text: string }[] {
  const sections: { file: string; line: number; title: string; heading: string; text: string }[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.md'))) {
    const file = path.join(dir, name);
    const lines = readFileSync(file, 'utf8').split('\n');
    let title = name;
    let current: { line: number; heading: string; text: string[] } | undefined;
    const flush = () => {
      if (current && current.text.join(' ').trim()) {
        sections.push({ file, line: current.line, title, heading: current.heading, text: current.text.join(' ').replace(/\s+/g, ' ').trim() });
      }
    };
    lines.forEach((line, index) => {
      const heading = /^(#{1,3})\s+(.*)$/.exec(line);
      if (heading) {
        flush();
        if (heading[1] === '#') title = heading[2]!;
        current = { line: index + 1, heading: heading[2]!, text: [] };
      } else if (current) {
        current.text.push(line);
      }
    });
    flush();
  }
  return sections;
}

function previewIncidents(runbookDir: string): IncidentView[] {
  const t0 = Date.UTC(2026, 10, 21, 10, 4);
  return [
    {
      id: 'inc-checkout-db',
      title: 'Checkout requests fail: database connection pool exhausted',
      severity: 'high',
      firstSeen: t0,
      lastSeen: t0 + 6 * 60_000,
      anomalies: [
        { id: 'a1', type: 'error_spike', severity: 'error', title: 'Error spike in checkout', explanation: 'error rate 34% vs baseline 1.2% over 10:04–10:06', file: '/workspace/logs/checkout.log', line: 1842 },
        { id: 'a2', type: 'latency_degradation', severity: 'warning', title: 'p95 latency 4.1 s', explanation: 'p95 4100 ms vs baseline 240 ms', file: '/workspace/logs/checkout.log', line: 1790 },
        { id: 'a3', type: 'new_pattern', severity: 'info', title: 'New template <script>alert(1)</script>', explanation: 'first seen: HikariPool-1 - Connection is not available, request timed out after <NUM>ms', file: '/workspace/logs/checkout.log', line: 1801 },
      ],
      classification: {
        category: 'database',
        severity: 'high',
        priority: 'P1',
        confidence: 0.86,
        source: 'llm (llama3.1:8b)',
        rationale: 'Pool timeouts precede the 5xx burst; no deploy in the window.',
      },
      plan: {
        id: 'plan-1',
        summary: 'Find what holds connections, relieve the pool, then fix the leak.',
        estimatedMinutes: 25,
        steps: [
          { id: 's1', title: 'Check active connections by state', risk: 'safe', runnable: true, command: 'psql -c "select state, count(*) from pg_stat_activity group by 1"', estimatedMinutes: 1, successCriteria: 'You know how many connections are idle in transaction' },
          { id: 's2', title: 'Terminate sessions idle in transaction > 5 min', risk: 'caution', runnable: true, command: "psql -c \"select pg_terminate_backend(pid) from pg_stat_activity where state = 'idle in transaction' and state_change < now() - interval '5 min'\"", estimatedMinutes: 2, rollback: 'None needed; clients reconnect' },
          { id: 's3', title: 'Restart checkout pods one at a time', risk: 'dangerous', runnable: true, command: 'kubectl rollout restart deployment/checkout -n shop', estimatedMinutes: 10, successCriteria: 'Error rate under 1% for 10 minutes', rollback: 'kubectl rollout undo deployment/checkout -n shop' },
          { id: 's4', title: 'Raise maximumPoolSize only if the database has headroom', risk: 'caution', runnable: false, detail: 'Check max_connections against the sum of all pools first.' },
        ],
        successCriteria: ['5xx rate back under 1%', 'No "Connection is not available" lines for 15 minutes'],
        rollback: ['Undo the rollout', 'Restore the previous pool size'],
        sources: [{ kind: 'runbook', label: 'DB connection pool exhausted', file: path.join(runbookDir, 'db-connection-pool-exhausted.md'), line: 1 }],
      },
    },
    {
      id: 'inc-ssh',
      title: 'Repeated failed SSH logins from one address',
      severity: 'medium',
      firstSeen: t0 + 2 * 60_000,
      anomalies: [
        { id: 'b1', type: 'security_threat', severity: 'warning', title: 'Failed password burst', explanation: '212 failed logins from 203.0.113.7 in 3 minutes', file: '/workspace/logs/auth.log', line: 77 },
      ],
      classification: { category: 'security', severity: 'medium', priority: 'P2', confidence: 0.64, source: 'rules' },
    },
  ];
}

function previewDashboard(): DashboardView {
  const windowSeconds = 60;
  const t0 = Date.UTC(2026, 10, 21, 9, 0);
  const file = (filePath: string, seed: number, spikeAt: number, withLatency: boolean): DashboardFileView => {
    let state = seed;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const windows = Array.from({ length: 90 }, (_, index) => {
      const spike = index >= spikeAt && index < spikeAt + 4;
      const count = Math.round(200 + 60 * Math.sin(index / 9) + 30 * random() + (spike ? 250 : 0));
      return {
        start: t0 + index * windowSeconds * 1000,
        count,
        errorRate: spike ? 0.3 + 0.05 * random() : 0.01 + 0.01 * random(),
        p95Ms: withLatency ? Math.round((spike ? 3800 : 220) + 60 * random()) : null,
      };
    });
    return {
      path: filePath,
      windows,
      anomalies: [
        { id: `${seed}-1`, line: 1842, type: 'error_spike', severity: 'error', windowIndex: spikeAt, title: 'Error spike' },
        { id: `${seed}-2`, line: 1790, type: 'latency_degradation', severity: 'warning', windowIndex: spikeAt + 1, title: 'p95 latency 4.1 s' },
        { id: `${seed}-3`, line: 402, type: 'new_pattern', severity: 'info', windowIndex: 20, title: 'New template' },
      ],
      topTemplates: [
        { id: 't1', pattern: 'INFO GET /api/orders/<*> 200 <NUM>ms', count: 12_840, exampleLine: 12 },
        { id: 't2', pattern: 'ERROR HikariPool-1 - Connection is not available, request timed out after <NUM>ms', count: 933, exampleLine: 1842 },
        { id: 't3', pattern: 'WARN slow query took <NUM>ms: select * from orders where id = <*>', count: 211, exampleLine: 1790 },
      ],
    };
  };
  return {
    windowSeconds,
    generatedAt: t0 + 90 * 60_000,
    files: [file('/workspace/logs/checkout.log', 7, 64, true), file('/workspace/logs/auth.log', 11, 30, false)],
  };
}

/** Tasks for the preview: one resolved last week, one in progress with a run and a live check, started by the real state machine. */
function previewTasks(actions: string[]): PanelTaskBackend {
  const t0 = Date.UTC(2026, 10, 21, 10, 10);
  const sam = (minutes: number) => ({ who: 'sam', at: t0 + minutes * 60_000 });
  const file = '/workspace/logs/checkout.log';
  const tasks = new Map<string, IncidentTask>();
  const old = transitions.createTask(
    't-edge-502',
    { plan: samplePlan({ summary: 'Drain the bad edge node' }), title: '502s from the edge after a config push', classification: sampleClassification({ category: 'Network' }), file: '/workspace/logs/edge.log' },
    sam(-7 * 24 * 60),
  );
  transitions.moveStep(old, 's1', 'done', sam(-7 * 24 * 60 + 5));
  transitions.moveTask(old, 'resolved', sam(-7 * 24 * 60 + 30), 'config rolled back');
  const live = transitions.createTask('t-checkout', { plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly({ file })] }, sam(0));
  const run = transitions.requestCommand(live, 's1', 'r-1', sam(2));
  transitions.confirmCommand(live, run.id, sam(2));
  transitions.markCommandRan(live, run.id, sam(2), 'Ops: Check active connections');
  transitions.recordCommandOutcome(live, run.id, 'succeeded', { who: 'terminal', at: sam(3).at }, { exitCode: 0 });
  transitions.setCheckStatus(live, 'c1', 'failing', { who: 'detector', at: sam(4).at }, `error rate 34.0% vs baseline 1.20% on ${file}`);
  for (const task of [old, live]) tasks.set(task.id, task);
  const summaries = () => [...tasks.values()].sort((a, b) => b.createdAt - a.createdAt).map((t) => toSummaryView({
    ...t,
    category: t.context.classification?.category,
    severity: t.context.classification?.severity,
    file: t.context.file,
    steps: { total: t.steps.length, ...count(t.steps.map((s) => s.status), ['pending', 'running', 'done', 'failed', 'skipped'] as const) },
    checks: count(t.checks.map((c) => c.status), ['pending', 'passing', 'failing'] as const),
  }));
  return {
    list: summaries,
    detail: (taskId) => {
      const task = tasks.get(taskId);
      return task && toDetailView(task);
    },
    startFromIncident: async (incidentId) => {
      actions.push(`start:${incidentId}`);
      const task = transitions.createTask(`t-${tasks.size + 1}`, { plan: samplePlan(), title: 'Checkout requests fail: database connection pool exhausted', file }, sam(30));
      tasks.set(task.id, task);
      return task.id;
    },
    stepAction: async (taskId, stepId, action) => {
      actions.push(`${taskId}/${stepId}:${action}`);
    },
    taskAction: async (taskId, action) => {
      actions.push(`${taskId}:${action}`);
    },
  };
}

function count<K extends string>(values: readonly K[], keys: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const value of values) out[value]++;
  return out;
}
