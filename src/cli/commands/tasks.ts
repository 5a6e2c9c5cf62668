/** `ops-copilot tasks list|show|export`: read a workspace's incident task store; export a postmortem draft. */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { systemClock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { isIncidentCategory } from '../../core/incidents/incident';
import { IncidentTask, TaskStatus, taskStatuses } from '../../core/tasks/incidentTask';
import { renderPostmortemDraft } from '../../core/tasks/postmortemDraft';
import { TaskFilter, TaskStore, TaskSummary } from '../../core/tasks/taskStore';

export const defaultTaskStore = '.ops-copilot/tasks.json';

const usage = `Usage: ops-copilot tasks list [--store FILE] [--status S,...] [--category C] [--file LOG] [--from DATE] [--to DATE] [--format text|json]
       ops-copilot tasks show ID [--store FILE] [--format text|json]
       ops-copilot tasks export ID [--store FILE] [--out FILE.md]

Reads the incident task store (default ${defaultTaskStore}; the editor keeps one per workspace). list filters by
status (${taskStatuses.join(', ')}), category, log file (full path or its trailing part) and creation date
(YYYY-MM-DD or ISO time, UTC). export writes a markdown postmortem draft (stdout, or --out).`;

export const tasksCommand: CliCommand = {
  name: 'tasks',
  summary: 'list, show and export incident tasks (postmortem drafts)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        status: { type: 'string' },
        category: { type: 'string' },
        file: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
    });
    const [action, id] = positionals;
    const format = chooseFormat(values.format, ['text', 'json']);
    const store = await TaskStore.open({ file: path.resolve(io.cwd, values.store ?? defaultTaskStore), clock: systemClock, logger: stderrLogger(io) });
    if (store.loadStatus.kind === 'recovered') writeLine(io.stderr, `ops-copilot tasks: the store was unreadable and was kept as ${store.loadStatus.movedTo}`);

    switch (action) {
      case 'list': {
        const tasks = store.list(parseFilter(values));
        if (format === 'json') writeLine(io.stdout, JSON.stringify(tasks, null, 2));
        else if (tasks.length === 0) writeLine(io.stdout, 'No tasks.');
        else for (const t of tasks) writeLine(io.stdout, summaryLine(t));
        return 0;
      }
      case 'show':
      case 'export': {
        if (!id) throw new UsageError(`tasks ${action} needs a task id (see 'ops-copilot tasks list')`);
        const task = store.get(id);
        if (!task) throw new UsageError(`no task with id ${id}`);
        if (action === 'show') {
          writeLine(io.stdout, format === 'json' ? JSON.stringify(task, null, 2) : describeTask(task));
          return 0;
        }
        const markdown = renderPostmortemDraft(task);
        if (values.out) {
          await writeFile(path.resolve(io.cwd, values.out), markdown, 'utf8');
          writeLine(io.stderr, `wrote ${values.out}`);
        } else writeLine(io.stdout, markdown);
        return 0;
      }
      default:
        throw new UsageError(action ? `unknown action '${action}' (list, show, export)` : 'tasks needs an action: list, show or export');
    }
  },
};

function parseFilter(values: { status?: string; category?: string; file?: string; from?: string; to?: string }): TaskFilter {
  const filter: TaskFilter = {};
  if (values.status) {
    const statuses = values.status.split(',').map((s) => s.trim());
    for (const s of statuses) if (!(taskStatuses as readonly string[]).includes(s)) throw new UsageError(`--status: unknown status '${s}' (${taskStatuses.join(', ')})`);
    filter.status = statuses as TaskStatus[];
  }
  if (values.category) {
    const category = values.category.charAt(0).toUpperCase() + values.category.slice(1).toLowerCase();
    if (!isIncidentCategory(category)) throw new UsageError(`--category: unknown category '${values.category}'`);
    filter.category = category;
  }
  if (values.file) filter.file = values.file;
  if (values.from) filter.from = parseDate(values.from, '--from', false);
  if (values.to) filter.to = parseDate(values.to, '--to', true);
  return filter;
}

/** A bare date means the whole UTC day: --to 2026-01-15 includes that day. */
function parseDate(text: string, option: string, endOfDay: boolean): number {
  const bareDay = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(bareDay ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw new UsageError(`${option}: not a date: '${text}' (use YYYY-MM-DD or an ISO time)`);
  return bareDay && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function summaryLine(t: TaskSummary): string {
  const created = new Date(t.createdAt).toISOString().slice(0, 16).replace('T', ' ');
  const checks = `${t.checks.passing}✓ ${t.checks.failing}✗ ${t.checks.pending}…`;
  return `${t.id}  ${t.status.padEnd(10)}  ${(t.category ?? '-').padEnd(11)}  ${created}  steps ${t.steps.done}/${t.steps.total}  checks ${checks}  ${t.title}`;
}

function describeTask(task: IncidentTask): string {
  const lines = [`${task.title}`, `id ${task.id} · ${task.status} · created ${new Date(task.createdAt).toISOString()} by ${task.createdBy}`];
  if (task.context.classification) lines.push(`classification: ${task.context.classification.category}/${task.context.classification.subcategory} (${task.context.classification.severity})`);
  if (task.context.file) lines.push(`file: ${task.context.file}${task.context.line ? `:${task.context.line}` : ''}`);
  lines.push('', 'Steps:');
  for (const s of task.steps) lines.push(`  [${s.status}] ${s.id} ${s.title}${s.command ? `\n      $ ${s.command} (${s.risk})` : ''}`);
  lines.push('', 'Checks:');
  for (const c of task.checks) lines.push(`  [${c.status}] ${c.criterion}${c.detail ? ` — ${c.detail}` : ''}`);
  lines.push('', 'History:');
  for (const h of task.history) lines.push(`  ${new Date(h.at).toISOString()} ${h.kind}${h.stepId ? ` ${h.stepId}` : ''}${h.from ? ` ${h.from}→${h.to}` : ''}${h.who ? ` (${h.who})` : ''}${h.text ? `: ${h.text}` : ''}`);
  return lines.join('\n');
}

function stderrLogger(io: CliIo): Logger {
  const write = (message: string | Error) => writeLine(io.stderr, `ops-copilot: ${message instanceof Error ? message.message : message}`);
  return { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: write, error: write };
}
