/**
 * Tasks as the panel's protocol views: plain objects clipped to the protocol's bounds, and one plain-text line per
 * history event (the panel renders text, never markup). No editor API here, so the panel preview and tests use it too.
 */
import type { HistoryEvent, IncidentTask } from '../../core/tasks/incidentTask';
import type { TaskSummary } from '../../core/tasks/taskStore';
import type { TaskDetailView, TaskSummaryView } from '../../shared/webviewProtocol';

const maxText = 2000;
/** The panel shows the most recent events; the postmortem export has them all. */
const maxHistory = 200;

export function toSummaryView(task: TaskSummary): TaskSummaryView {
  return {
    id: task.id,
    title: clip(task.title),
    status: task.status,
    ...(task.category ? { category: task.category } : {}),
    ...(task.severity ? { severity: task.severity } : {}),
    ...(task.file ? { file: task.file } : {}),
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    steps: { ...task.steps },
    checks: { ...task.checks },
  };
}

export function toDetailView(task: IncidentTask): TaskDetailView {
  const steps = { total: task.steps.length, pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const s of task.steps) steps[s.status]++;
  const checks = { pending: 0, passing: 0, failing: 0 };
  for (const c of task.checks) checks[c.status]++;
  const c = task.context.classification;
  return {
    id: task.id,
    title: clip(task.title),
    status: task.status,
    ...(c ? { category: c.category, severity: c.severity } : {}),
    ...(task.context.file ? { file: task.context.file } : {}),
    ...(task.context.line && task.context.line >= 1 ? { line: task.context.line } : {}),
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    createdBy: clip(task.createdBy),
    summary: clip(task.plan.summary),
    steps,
    checks,
    stepList: task.steps.slice(0, 100).map((step) => {
      const run = step.commandRuns.at(-1);
      const lastRun = run
        ? run.state === 'finished'
          ? `${run.outcome ?? 'finished'}${run.exitCode !== undefined ? ` (exit ${run.exitCode})` : ''}`
          : run.state === 'ran'
            ? `sent to ${run.ranIn ?? 'a terminal'}`
            : run.state
        : undefined;
      return {
        id: step.id,
        title: clip(step.title),
        ...(step.detail ? { detail: clip(step.detail) } : {}),
        ...(step.command ? { command: clip(step.command) } : {}),
        risk: step.risk,
        riskReasons: step.riskReasons.slice(0, 20).map(clip),
        status: step.status,
        ...(step.note ? { note: clip(step.note) } : {}),
        ...(lastRun ? { lastRun } : {}),
      };
    }),
    checkList: task.checks.slice(0, 100).map((check) => ({
      id: check.id,
      criterion: clip(check.criterion),
      status: check.status,
      ...(check.detail ? { detail: clip(check.detail) } : {}),
      manual: check.spec.kind === 'manual',
    })),
    history: task.history.slice(-maxHistory).map((event) => ({
      at: event.at,
      text: clip(describeEvent(event, task)),
      ...(event.who ? { who: clip(event.who) } : {}),
    })),
  };
}

/** One line per history event, plain text (the panel renders it as text). */
export function describeEvent(event: HistoryEvent, task: IncidentTask): string {
  const step = event.stepId ? task.steps.find((s) => s.id === event.stepId) : undefined;
  const stepName = step ? `step “${step.title}”` : 'the task';
  const text = event.text ? `: ${event.text}` : '';
  switch (event.kind) {
    case 'created':
      return 'task created';
    case 'stepStatus':
      return `${stepName} ${event.from} → ${event.to}${text}`;
    case 'commandRequested':
      return `asked to run the command of ${stepName}`;
    case 'commandConfirmed':
      return `confirmed the command of ${stepName}`;
    case 'commandDeclined':
      return `declined the command of ${stepName}${text}`;
    case 'commandRan':
      return `sent the command of ${stepName} to ${event.text ?? 'a terminal'}`;
    case 'commandOutcome':
      return `the command of ${stepName} finished${text}`;
    case 'checkStatus': {
      const check = task.checks.find((c) => c.id === event.checkId);
      return `check “${check?.criterion ?? event.checkId}” ${event.from} → ${event.to}${text}`;
    }
    case 'note':
      return `note${step ? ` on ${stepName}` : ''}${text}`;
    case 'taskStatus':
      return `task ${event.from} → ${event.to}${text}`;
  }
}

function clip(text: string): string {
  return text.length > maxText ? `${text.slice(0, maxText - 1)}…` : text;
}
