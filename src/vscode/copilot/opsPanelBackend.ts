/**
 * The panel's backend over the real services: answers through the Copilot, incidents from the watcher's anomalies
 * (grouped per file, classified and planned offline at once, so cards appear without waiting on a model), the
 * dashboard from each file's engine state, runbook search, and "Run step" through the safety confirmation.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly } from '../../core/detection/anomaly';
import { classifyOffline, incidentText } from '../../core/incidents/offlineClassifier';
import { isIncidentCategory } from '../../core/incidents/incident';
import { recommendOffline } from '../../core/remediation/recommendFix';
import { checkCommand } from '../../core/safety/commandSafety';
import { toDisposable, Disposable } from '../../core/lifecycle';
import type { Logger } from '../../core/logger';
import type { RemediationPlan } from '../../core/remediation/remediationPlan';
import type { DashboardView, IncidentView, RunbookHitView, SourceLocation, FeedbackMessage } from '../../shared/webviewProtocol';
import type { AnomalyStore } from '../anomalyStore';
import type { AskRequest, AskResult, IncidentsSnapshot, PanelBackend, PanelTaskBackend, PanelTopic, StepOutcome } from '../panel/panelBackend';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';
import type { TaskFeatures } from '../tasks/registerTasks';
import type { SettingsReader } from '../settingsReader';
import type { WorkspaceLogWatcher } from '../watchers/workspaceLogWatcher';
import { runStep } from '../commands/copilotCommands';
import type { CopilotHost } from './copilotHost';

export interface OpsPanelBackendDeps {
  host: CopilotHost;
  store: AnomalyStore;
  settings: SettingsReader;
  watcher: () => WorkspaceLogWatcher | undefined;
  log: Logger;
  /** Incident tasks: the Tasks section and "Start as Task" on a plan card. */
  tasks?: TaskFeatures;
}

const categories = ['Network', 'Database', 'Application', 'Security', 'Hardware', 'Performance'];

export class OpsPanelBackend implements PanelBackend {
  /** Plans by incident key (the anomaly ids), so a growing incident keeps its plan until its anomalies change. */
  private readonly plans = new Map<string, { plan: RemediationPlan; view: IncidentView['plan'] }>();
  private lastIncidents: IncidentView[] = [];
  readonly tasks?: PanelTaskBackend;

  constructor(private readonly deps: OpsPanelBackendDeps) {
    this.tasks = deps.tasks?.panelBackend((incidentId) => this.taskInputFor(incidentId));
  }

  /** The plan on an incident card, with the anomalies and classification the card shows, as a new task's input. */
  private taskInputFor(incidentId: string): NewTaskInput | undefined {
    const planned = this.plans.get(incidentId);
    if (!planned) return undefined;
    const anomalies = incidentId.split(',').map((id) => this.deps.store.find(id)).filter((a): a is Anomaly => a !== undefined);
    const title = this.lastIncidents.find((i) => i.id === incidentId)?.title;
    return { plan: planned.plan, incidentId, title, anomalies, classification: anomalies.length > 0 ? classifyOffline({ anomalies }) : undefined };
  }

  async ask(request: AskRequest, signal: AbortSignal, onChunk: (markdown: string) => void): Promise<AskResult> {
    const copilot = await this.deps.host.copilot();
    const history = request.history.flatMap((turn) => [
      ...(turn.question ? [{ role: 'user' as const, content: turn.question }] : []),
      ...(turn.answer ? [{ role: 'assistant' as const, content: turn.answer.slice(0, 4000) }] : []),
    ]);
    const result = await copilot.ask(request.question, { history, anomalies: this.deps.store.all().slice(0, 2) }, { signal, onChunk });
    return {
      citations: result.citations.map((c) => ({ kind: 'runbook' as const, label: `${c.runbookId}:${c.line} ${c.heading}`.slice(0, 200), file: c.file, line: c.line })),
      footer: `Answered by ${result.answeredBy}${result.fallbackReason ? ` — ${result.fallbackReason}` : ''}`,
    };
  }

  async incidents(): Promise<IncidentsSnapshot> {
    const byFile = new Map<string, Anomaly[]>();
    for (const anomaly of this.deps.store.all()) byFile.set(anomaly.file, [...(byFile.get(anomaly.file) ?? []), anomaly]);
    const copilot = byFile.size > 0 ? await this.deps.host.copilot() : undefined;
    const incidents: IncidentView[] = [];
    for (const [file, anomalies] of byFile) {
      const key = anomalies.map((a) => a.id).sort().join(',');
      const classification = classifyOffline({ anomalies });
      let planned = this.plans.get(key);
      if (!planned && copilot) {
        try {
          // Offline planning: the panel lists incidents instantly; a model plan is one `@ops /remediate` away.
          const hits = await copilot.retrieve(incidentText({ anomalies }), undefined, 6);
          const library = this.deps.host.runbooks();
          const plan = recommendOffline(
            { anomaly: anomalies[0], anomalies, classification },
            { runbookHits: hits, getRunbook: (id) => library.getRunbook(id), checkCommand },
          );
          planned = { plan, view: toPlanView(key, plan) };
          this.plans.set(key, planned);
        } catch (error) {
          this.deps.log.warn(`[panel] planning failed for ${path.basename(file)}: ${(error as Error).message}`);
        }
      }
      const times = anomalies.flatMap((a) => [a.window.startTime, a.window.endTime]).filter((t): t is number => t !== undefined);
      incidents.push({
        id: key.slice(0, 200),
        title: `${anomalies[0].title}${anomalies.length > 1 ? ` and ${anomalies.length - 1} more` : ''} — ${path.basename(file)}`.slice(0, 200),
        severity: classification.severity,
        firstSeen: times.length ? Math.min(...times) : undefined,
        lastSeen: times.length ? Math.max(...times) : undefined,
        anomalies: anomalies.slice(0, 500).map((a) => ({
          id: a.id,
          type: a.type,
          severity: a.severity,
          title: a.title.slice(0, 200),
          explanation: a.explanation.slice(0, 200),
          file: a.file,
          line: a.evidence[0]?.line ?? a.firstLine,
        })),
        classification: {
          category: classification.category,
          severity: classification.severity,
          priority: classification.priority,
          confidence: classification.confidence,
          source: classification.source,
          rationale: classification.rationale.slice(0, 200),
        },
        plan: planned?.view,
      });
    }
    this.lastIncidents = incidents;
    return { incidents, categories };
  }

  dashboard(): DashboardView {
    const s = this.deps.settings.settings;
    const watcher = this.deps.watcher();
    const files = (watcher?.files ?? []).slice(0, 200).flatMap((file) => {
      const analysis = watcher?.analysisOf(file);
      if (!analysis) return [];
      const timeline = analysis.timeline();
      const windows = timeline.map((b) => ({ start: b.start, count: b.records, errorRate: b.records ? Math.min(1, b.errors / b.records) : 0, p95Ms: null }));
      const anomalies = analysis.anomalies().map((a) => ({
        id: a.id,
        line: a.evidence[0]?.line ?? a.firstLine,
        type: a.type,
        severity: a.severity,
        windowIndex: windowIndexOf(timeline, a),
        title: a.title.slice(0, 200),
      }));
      const topTemplates = analysis.templates(10).map((t) => ({ id: t.id, pattern: t.text.slice(0, 200), count: t.count, exampleLine: t.firstLine }));
      return [{ path: file, windows, anomalies, topTemplates }];
    });
    return { windowSeconds: s['detection.windowSeconds'], generatedAt: Date.now(), files };
  }

  async searchRunbooks(query: string, signal: AbortSignal): Promise<RunbookHitView[]> {
    const hits = await this.deps.host.runbooks().search(query, { k: 8, signal });
    return hits.map((h) => ({ file: h.file, line: h.line, title: h.title.slice(0, 200), heading: h.heading.slice(0, 200), excerpt: h.snippet.slice(0, 200), score: h.score }));
  }

  async openLocation(location: SourceLocation): Promise<void> {
    const line = Math.max(0, location.line - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection: new vscode.Range(line, 0, line, 0), preview: true });
  }

  async runStep(incidentId: string, stepId: string): Promise<StepOutcome> {
    const planned = this.plans.get(incidentId);
    const step = planned?.plan.steps.find((s) => s.id === stepId);
    if (!step?.command) return { status: 'failed', message: 'This step has no command to run.' };
    const outcome = await runStep({ command: step.command, title: step.title }, this.deps.log);
    if (outcome === 'ran') return { status: 'succeeded', message: 'Sent to a terminal; check its output.' };
    return { status: 'declined', message: outcome === 'blocked' ? 'Untrusted workspace: nothing runs.' : undefined };
  }

  async feedback(message: FeedbackMessage): Promise<void> {
    this.deps.log.info(`[panel] feedback ${message.verdict.kind} on ${message.target}`);
    const incident = this.lastIncidents.find((i) => i.id === message.incidentId);
    const c = incident?.classification;
    if (!incident || !c || !isIncidentCategory(c.category)) return;
    const anomalies = incident.anomalies.map((a) => this.deps.store.find(a.id)).filter((a): a is Anomaly => a !== undefined);
    await this.deps.host.feedback.record({
      classification: {
        category: c.category,
        subcategory: '',
        severity: c.severity,
        priority: c.priority === 'P0' ? 'P1' : c.priority,
        confidence: c.confidence,
        rationale: c.rationale ?? '',
        source: c.source === 'llm' ? 'llm' : 'offline',
      },
      input: { anomalies },
      verdict: message.verdict.kind === 'up' ? 'up' : 'down',
      correctedCategory: message.verdict.kind === 'recategorize' ? message.verdict.category : undefined,
      target: message.target,
      incidentId: incident.id,
    });
  }

  onDidChange(listener: (topic: PanelTopic) => void): Disposable {
    const subscription = this.deps.store.onDidChange(() => {
      listener('incidents');
      listener('dashboard');
    });
    const tasks = this.deps.tasks?.service.onDidChange(() => listener('tasks'));
    return toDisposable(() => {
      subscription.dispose();
      tasks?.dispose();
    });
  }
}

function toPlanView(key: string, plan: RemediationPlan): NonNullable<IncidentView['plan']> {
  return {
    id: `plan:${key}`.slice(0, 200),
    summary: plan.summary.slice(0, 200),
    estimatedMinutes: minutesOf(plan.estimatedTime),
    steps: plan.steps.slice(0, 100).map((s) => ({
      id: s.id,
      title: s.title.slice(0, 200),
      detail: s.detail.slice(0, 200),
      command: s.command?.slice(0, 200),
      risk: s.risk,
      successCriteria: s.verify.slice(0, 200) || undefined,
      runnable: Boolean(s.command),
    })),
    successCriteria: plan.successCriteria.slice(0, 50).map((c) => c.slice(0, 200)),
    rollback: plan.rollbackPlan ? [plan.rollbackPlan.slice(0, 200)] : [],
    sources: plan.sources.slice(0, 100).map((s) => ({ kind: 'runbook' as const, label: `${s.runbookId}:${s.line}`, file: s.file, line: s.line })),
  };
}

function minutesOf(estimate: string): number | undefined {
  const match = /(\d+)\s*(?:-\s*(\d+)\s*)?(min|minute|h|hour)/i.exec(estimate);
  if (!match) return undefined;
  const value = Number(match[2] ?? match[1]);
  return /^h/i.test(match[3]) ? value * 60 : value;
}

function windowIndexOf(timeline: readonly { start: number }[], anomaly: Anomaly): number {
  const key = anomaly.window.startTime ?? anomaly.firstLine;
  let index = 0;
  for (let i = 0; i < timeline.length; i++) if (timeline[i].start <= key) index = i;
  return index;
}
