/**
 * The panel's Tasks section over the task store: tasks and their detail as protocol views (plain, clipped to the
 * protocol's bounds), "Start as Task" from an incident card, and step/task actions routed through the same commands
 * the Tasks view uses, so the panel gets the same confirmation dialogs and notes prompts.
 */
import * as vscode from 'vscode';
import type { HistoryEvent, IncidentTask } from '../../core/tasks/incidentTask';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';
import type { TaskSummary } from '../../core/tasks/taskStore';
import type { TaskAction, TaskDetailView, TaskStepAction, TaskSummaryView } from '../../shared/webviewProtocol';
import { taskIds } from '../contributionIds';
import type { PanelTaskBackend } from '../panel/panelBackend';
import type { TaskService } from './taskService';

const maxText = 2000;
const maxHistory = 200;

export interface TaskPanelBackendDeps {
  service: TaskService;
  /** The plan on an incident card, as a new task's input; undefined when the card has no plan (yet). */
  planFor(incidentId: string): NewTaskInput | undefined;
  start(input: NewTaskInput): Promise<IncidentTask>;
  reveal(taskId: string): Promise<void>;
}

export function createTaskPanelBackend(deps: TaskPanelBackendDeps): PanelTaskBackend {
  return {
    async list() {
      const store = await deps.service.store();
      return store.list().map(toSummaryView);
    },
    async detail(taskId) {
      const task = (await deps.service.store()).get(taskId);
      return task && toDetailView(task);
    },
    async startFromIncident(incidentId) {
      const input = deps.planFor(incidentId);
      if (!input) throw new Error('this incident has no remediation plan yet');
      return (await deps.start(input)).id;
    },
    async stepAction(taskId, stepId, action) {
      await vscode.commands.executeCommand(stepCommands[action], { taskId, stepId });
    },
    async taskAction(taskId, action) {
      if (action === 'showInView') return deps.reveal(taskId);
      await vscode.commands.executeCommand(taskCommands[action], { taskId });
    },
  };
}

const stepCommands: Record<TaskStepAction, string> = {
  run: taskIds.runTaskStepCommand,
  done: taskIds.markStepDoneCommand,
  failed: taskIds.markStepFailedCommand,
  skipped: taskIds.skipStepCommand,
  pending: taskIds.resetStepCommand,
};

const taskCommands: Record<Exclude<TaskAction, 'showInView'>, string> = {
  reopen: taskIds.reopenTaskCommand,
  resolve: taskIds.resolveTaskCommand,
  abandon: taskIds.abandonTaskCommand,
  exportPostmortem: taskIds.exportPostmortemCommand,
};

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
