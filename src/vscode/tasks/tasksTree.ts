/**
 * The Tasks tree in the Ops view container: task → its steps (state icons; run, done, failed, skip and note inline)
 * and its success criteria as live checks (green, red or waiting). Active tasks first, then the recently closed;
 * the rest is one click away in the task history.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentTask, LiveCheck, StepStatus, TaskStep } from '../../core/tasks/incidentTask';
import type { TaskSummary } from '../../core/tasks/taskStore';
import { taskIds } from '../contributionIds';
import type { TaskService } from './taskService';

export type TaskTreeNode =
  | { kind: 'task'; taskId: string }
  | { kind: 'step'; taskId: string; stepId: string }
  | { kind: 'checks'; taskId: string }
  | { kind: 'check'; taskId: string; checkId: string }
  | { kind: 'more'; hidden: number }
  | { kind: 'loading' };

/** Closed tasks stay in the tree this long; older ones live in the history. */
const recentClosedMs = 7 * 24 * 3600_000;
const maxTasksShown = 50;

export const stepIcons: Record<StepStatus, vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon('circle-large-outline'),
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  skipped: new vscode.ThemeIcon('debug-step-over', new vscode.ThemeColor('disabledForeground')),
};

const taskIcons: Record<IncidentTask['status'], vscode.ThemeIcon> = {
  open: new vscode.ThemeIcon('tasklist'),
  inProgress: new vscode.ThemeIcon('loading~spin'),
  resolved: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  abandoned: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

export class TasksTreeProvider implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TaskTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;
  private requested = false;

  constructor(private readonly tasks: TaskService) {
    // Task changes arrive in bursts (a run is four writes); one repaint covers them.
    let pending: ReturnType<typeof setTimeout> | undefined;
    this.subscription = tasks.onDidChange(() => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        this.changeEmitter.fire(undefined);
      }, 50);
    });
  }

  getChildren(node?: TaskTreeNode): TaskTreeNode[] {
    const store = this.tasks.current;
    if (!store) {
      if (!this.requested) {
        // The view is the first to need the store: open it now, not at activation.
        this.requested = true;
        void this.tasks.store().then(
          () => this.changeEmitter.fire(undefined),
          () => undefined,
        );
      }
      return node ? [] : [{ kind: 'loading' }];
    }
    if (!node) {
      const now = Date.now();
      const shown = store.list().filter((t) => t.status === 'open' || t.status === 'inProgress' || now - t.updatedAt < recentClosedMs);
      shown.sort((a, b) => activeRank(a) - activeRank(b) || b.updatedAt - a.updatedAt);
      const nodes: TaskTreeNode[] = shown.slice(0, maxTasksShown).map((t) => ({ kind: 'task', taskId: t.id }));
      const hidden = store.size - Math.min(shown.length, maxTasksShown);
      if (hidden > 0) nodes.push({ kind: 'more', hidden });
      return nodes;
    }
    if (node.kind === 'task') {
      const task = store.get(node.taskId);
      if (!task) return [];
      const steps: TaskTreeNode[] = task.steps.map((s) => ({ kind: 'step', taskId: task.id, stepId: s.id }));
      return task.checks.length > 0 ? [...steps, { kind: 'checks', taskId: task.id }] : steps;
    }
    if (node.kind === 'checks') {
      return (store.get(node.taskId)?.checks ?? []).map((c) => ({ kind: 'check', taskId: node.taskId, checkId: c.id }));
    }
    return [];
  }

  getTreeItem(node: TaskTreeNode): vscode.TreeItem {
    const store = this.tasks.current;
    if (node.kind === 'loading') return new vscode.TreeItem('Loading tasks…');
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`${node.hidden} older task${node.hidden === 1 ? '' : 's'}…`);
      item.iconPath = new vscode.ThemeIcon('history');
      item.command = { command: taskIds.showTaskHistoryCommand, title: 'Show Task History' };
      return item;
    }
    const task = store?.get(node.taskId);
    if (!task) return new vscode.TreeItem('(task removed)');
    if (node.kind === 'task') return taskItem(task);
    if (node.kind === 'checks') {
      const passing = task.checks.filter((c) => c.status === 'passing').length;
      const item = new vscode.TreeItem('Success criteria', vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${passing}/${task.checks.length} passing`;
      item.iconPath = new vscode.ThemeIcon('checklist');
      item.id = `${task.id}/checks`;
      return item;
    }
    if (node.kind === 'step') {
      const step = task.steps.find((s) => s.id === node.stepId);
      return step ? stepItem(task, step) : new vscode.TreeItem('(step removed)');
    }
    const check = task.checks.find((c) => c.id === node.checkId);
    return check ? checkItem(task, check) : new vscode.TreeItem('(check removed)');
  }

  getParent(node: TaskTreeNode): TaskTreeNode | undefined {
    if (node.kind === 'step' || node.kind === 'checks') return { kind: 'task', taskId: node.taskId };
    if (node.kind === 'check') return { kind: 'checks', taskId: node.taskId };
    return undefined;
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function activeRank(task: TaskSummary): number {
  return task.status === 'inProgress' ? 0 : task.status === 'open' ? 1 : 2;
}

function taskItem(task: IncidentTask): vscode.TreeItem {
  const active = task.status === 'open' || task.status === 'inProgress';
  const item = new vscode.TreeItem(task.title, active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = task.id;
  const done = task.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  const category = task.context.classification?.category;
  item.description = [statusLabel(task.status), `${done}/${task.steps.length} steps`, category, task.context.file ? path.basename(task.context.file) : undefined]
    .filter(Boolean)
    .join(' · ');
  item.iconPath = taskIcons[task.status];
  item.contextValue = `${taskIds.taskItem}.${task.status}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendText(task.title);
  tooltip.appendMarkdown(`\n\n**${statusLabel(task.status)}** · opened ${new Date(task.createdAt).toLocaleString()} by `);
  tooltip.appendText(task.createdBy);
  tooltip.appendMarkdown('\n\n');
  tooltip.appendText(task.plan.summary);
  if (task.context.classification) {
    const c = task.context.classification;
    tooltip.appendMarkdown(`\n\n${c.category} · ${c.severity} · ${c.priority}`);
  }
  if (task.context.file) {
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(`${task.context.file}${task.context.line ? `:${task.context.line}` : ''}`);
  }
  item.tooltip = tooltip;
  return item;
}

function stepItem(task: IncidentTask, step: TaskStep): vscode.TreeItem {
  const index = task.steps.indexOf(step) + 1;
  const item = new vscode.TreeItem(`${index}. ${step.title}`);
  item.id = `${task.id}/${step.id}`;
  item.iconPath = stepIcons[step.status];
  const lastRun = step.commandRuns.at(-1);
  const runText = lastRun?.outcome ? `last run ${lastRun.outcome}${lastRun.exitCode !== undefined ? ` (exit ${lastRun.exitCode})` : ''}` : lastRun?.state === 'declined' ? 'declined' : undefined;
  item.description = [step.status, step.command ? step.risk : 'manual', runText, step.note ? `“${step.note.slice(0, 40)}”` : undefined].filter(Boolean).join(' · ');
  const editable = task.status === 'open' || task.status === 'inProgress';
  item.contextValue = `${taskIds.stepItem}.${editable ? step.status : 'closed'}${step.command ? '.command' : ''}`;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(step.detail);
  if (step.command) {
    tooltip.appendMarkdown(`\n\n**${step.risk}**${step.riskReasons.length ? ': ' : ''}`);
    tooltip.appendText(step.riskReasons.join('; '));
    tooltip.appendCodeblock(step.command, 'sh');
  }
  if (step.verify) {
    tooltip.appendMarkdown('\n\n**Verify:** ');
    tooltip.appendText(step.verify);
  }
  if (step.note) {
    tooltip.appendMarkdown('\n\n**Note:** ');
    tooltip.appendText(step.note);
  }
  item.tooltip = tooltip;
  return item;
}

function checkItem(task: IncidentTask, check: LiveCheck): vscode.TreeItem {
  const item = new vscode.TreeItem(check.criterion);
  item.id = `${task.id}/${check.id}`;
  const manual = check.spec.kind === 'manual';
  item.iconPath =
    check.status === 'passing'
      ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
      : check.status === 'failing'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
        : new vscode.ThemeIcon(manual ? 'person' : 'watch');
  item.description = manual ? `${check.status} · manual` : [check.status, check.detail].filter(Boolean).join(' · ');
  item.tooltip = manual ? 'Nothing the detector can measure: mark it passing or failing yourself.' : `Watched live by the detector (${check.spec.kind}).`;
  item.contextValue = `${taskIds.checkItem}.${manual ? 'manual' : 'live'}`;
  return item;
}

export function statusLabel(status: IncidentTask['status']): string {
  return status === 'inProgress' ? 'in progress' : status;
}
