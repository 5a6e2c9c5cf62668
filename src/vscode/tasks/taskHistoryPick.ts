/**
 * "Ops: Show Task History": every task, newest first, in a quick pick that filters by status, category, file and
 * date (the filter rows at the top; typing matches title, plan and file), then offers what to do with the chosen one:
 * show it in the Tasks view, reopen, resolve, export as a postmortem.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { incidentCategories, type IncidentCategory } from '../../core/incidents/incident';
import { taskStatuses, type TaskStatus } from '../../core/tasks/incidentTask';
import type { TaskFilter, TaskStore, TaskSummary } from '../../core/tasks/taskStore';
import { statusLabel } from './tasksTree';

export type HistoryChoice = { taskId: string; action: 'show' | 'reopen' | 'resolve' | 'abandon' | 'export' };

type FilterKey = 'status' | 'category' | 'file' | 'date';
type Item = vscode.QuickPickItem & { filter?: FilterKey; clear?: boolean; taskId?: string };

const dateRanges = [
  { label: 'Last 24 hours', ms: 24 * 3600_000 },
  { label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
  { label: 'Last 365 days', ms: 365 * 24 * 3600_000 },
] as const;

/** Shown at once; typing narrows further, and more than this is one filter away. */
const maxItems = 1000;

export async function pickFromTaskHistory(store: TaskStore, initial: TaskFilter = {}): Promise<HistoryChoice | undefined> {
  const filter: TaskFilter = { ...initial };
  let dateLabel: string | undefined;
  for (;;) {
    const picked = await pickOnce(store, filter, dateLabel);
    if (!picked) return undefined;
    if (picked.clear) {
      for (const key of Object.keys(filter) as (keyof TaskFilter)[]) delete filter[key];
      dateLabel = undefined;
      continue;
    }
    if (picked.filter) {
      const changed = await chooseFilter(store, picked.filter, filter);
      if (changed?.dateLabel !== undefined) dateLabel = changed.dateLabel || undefined;
      continue;
    }
    if (!picked.taskId) continue;
    const action = await chooseAction(store, picked.taskId);
    if (action) return { taskId: picked.taskId, action };
  }
}

function pickOnce(store: TaskStore, filter: TaskFilter, dateLabel: string | undefined): Promise<Item | undefined> {
  const tasks = store.list(filter);
  const active = describeFilter(filter, dateLabel);
  const filters: Item[] = [
    { label: '$(filter) Status', description: statusOf(filter) ?? 'any', filter: 'status', alwaysShow: true },
    { label: '$(filter) Category', description: filter.category ?? 'any', filter: 'category', alwaysShow: true },
    { label: '$(filter) File', description: filter.file ?? 'any', filter: 'file', alwaysShow: true },
    { label: '$(filter) Date', description: dateLabel ?? 'any time', filter: 'date', alwaysShow: true },
    ...(active ? [{ label: '$(clear-all) Clear filters', clear: true, alwaysShow: true }] : []),
  ];
  const items: Item[] = [
    ...filters,
    { label: `${tasks.length} task${tasks.length === 1 ? '' : 's'}${active ? ` (${active})` : ''}`, kind: vscode.QuickPickItemKind.Separator },
    ...tasks.slice(0, maxItems).map(toItem),
  ];
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = 'Ops Copilot: task history';
    pick.placeholder = 'Type to search titles, plans and files, or pick a filter';
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = items;
    let accepted: Item | undefined;
    pick.onDidAccept(() => {
      accepted = pick.selectedItems[0];
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(accepted);
    });
    pick.show();
  });
}

function toItem(task: TaskSummary): Item {
  const steps = `${task.steps.done + task.steps.skipped}/${task.steps.total} steps${task.steps.failed ? `, ${task.steps.failed} failed` : ''}`;
  const checks = task.checks.passing + task.checks.failing + task.checks.pending > 0 ? `checks ${task.checks.passing}✓ ${task.checks.failing}✗ ${task.checks.pending}…` : '';
  return {
    label: `${statusIcon(task.status)} ${task.title}`,
    description: [statusLabel(task.status), task.category, task.file ? path.basename(task.file) : undefined].filter(Boolean).join(' · '),
    detail: [new Date(task.createdAt).toLocaleString(), steps, checks, task.file].filter(Boolean).join(' · '),
    taskId: task.id,
  };
}

async function chooseFilter(store: TaskStore, key: FilterKey, filter: TaskFilter): Promise<{ dateLabel?: string } | undefined> {
  const any = '(any)';
  if (key === 'status') {
    const choice = await vscode.window.showQuickPick([any, 'active (open or in progress)', ...taskStatuses.map(statusLabel)], { title: 'Filter by status' });
    if (choice === undefined) return undefined;
    if (choice === any) delete filter.status;
    else if (choice.startsWith('active')) filter.status = ['open', 'inProgress'];
    else filter.status = taskStatuses.find((s) => statusLabel(s) === choice);
    return {};
  }
  if (key === 'category') {
    const present = new Set(store.list().map((t) => t.category).filter((c): c is IncidentCategory => c !== undefined));
    const choice = await vscode.window.showQuickPick([any, ...incidentCategories.filter((c) => present.has(c))], { title: 'Filter by category' });
    if (choice === undefined) return undefined;
    if (choice === any) delete filter.category;
    else filter.category = choice as IncidentCategory;
    return {};
  }
  if (key === 'file') {
    const files = [...new Set(store.list().map((t) => t.file).filter((f): f is string => Boolean(f)))].sort();
    const choice = await vscode.window.showQuickPick(
      [{ label: any }, ...files.map((file) => ({ label: path.basename(file), description: file, file }))],
      { title: 'Filter by file', matchOnDescription: true },
    );
    if (choice === undefined) return undefined;
    if ('file' in choice) filter.file = choice.file;
    else delete filter.file;
    return {};
  }
  const choice = await vscode.window.showQuickPick([any, ...dateRanges.map((r) => r.label), 'On or after a date…'], { title: 'Filter by date created' });
  if (choice === undefined) return undefined;
  delete filter.to;
  if (choice === any) {
    delete filter.from;
    return { dateLabel: '' };
  }
  const range = dateRanges.find((r) => r.label === choice);
  if (range) {
    filter.from = Date.now() - range.ms;
    return { dateLabel: range.label.toLowerCase() };
  }
  const typed = await vscode.window.showInputBox({
    title: 'Tasks created on or after',
    prompt: 'A date such as 2026-11-01 (local time), optionally "to 2026-11-15"',
    validateInput: (value) => (parseDateRange(value) ? undefined : 'Use YYYY-MM-DD, or YYYY-MM-DD to YYYY-MM-DD'),
  });
  const parsed = typed ? parseDateRange(typed) : undefined;
  if (!parsed) return undefined;
  filter.from = parsed.from;
  if (parsed.to !== undefined) filter.to = parsed.to;
  return { dateLabel: typed!.trim() };
}

/** "2026-11-01" or "2026-11-01 to 2026-11-15", local dates; `to` covers its whole day. */
export function parseDateRange(text: string): { from: number; to?: number } | undefined {
  const match = /^\s*(\d{4}-\d{2}-\d{2})(?:\s*(?:to|-|–|\.\.)\s*(\d{4}-\d{2}-\d{2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const day = (iso: string): number | undefined => {
    const [y, m, d] = iso.split('-').map(Number);
    const date = new Date(y!, m! - 1, d!);
    return date.getFullYear() === y && date.getMonth() === m! - 1 && date.getDate() === d ? date.getTime() : undefined;
  };
  const from = day(match[1]!);
  if (from === undefined) return undefined;
  if (!match[2]) return { from };
  const end = day(match[2]);
  if (end === undefined || end < from) return undefined;
  return { from, to: end + 24 * 3600_000 - 1 };
}

async function chooseAction(store: TaskStore, taskId: string): Promise<HistoryChoice['action'] | undefined> {
  const task = store.get(taskId);
  if (!task) return undefined;
  const active = task.status === 'open' || task.status === 'inProgress';
  const actions: (vscode.QuickPickItem & { action: HistoryChoice['action'] })[] = [
    { label: '$(list-tree) Show in the Tasks view', action: 'show' },
    ...(active
      ? [
          { label: '$(pass) Resolve', action: 'resolve' as const },
          { label: '$(circle-slash) Abandon', action: 'abandon' as const },
        ]
      : [{ label: '$(debug-restart) Reopen', description: 'watch its checks again from now', action: 'reopen' as const }]),
    { label: '$(markdown) Export as postmortem draft', action: 'export' },
  ];
  const choice = await vscode.window.showQuickPick(actions, { title: task.title });
  return choice?.action;
}

function statusOf(filter: TaskFilter): string | undefined {
  if (filter.status === undefined) return undefined;
  if (typeof filter.status === 'string') return statusLabel(filter.status);
  return filter.status.map((s) => statusLabel(s as TaskStatus)).join(' or ');
}

function describeFilter(filter: TaskFilter, dateLabel: string | undefined): string {
  return [statusOf(filter), filter.category, filter.file ? path.basename(filter.file) : undefined, dateLabel].filter(Boolean).join(', ');
}

function statusIcon(status: TaskStatus): string {
  return { open: '$(tasklist)', inProgress: '$(sync)', resolved: '$(pass)', abandoned: '$(circle-slash)' }[status];
}
