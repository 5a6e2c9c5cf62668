/**
 * Tasks tab: incident tasks filtered by status, category, file, date and text, newest first, and the selected task's
 * checklist (run, done, failed, skip), live checks, history and actions (resolve, abandon, reopen, export).
 */
import type { TaskCheckView, TaskDetailView, TaskStepView, TaskSummaryView } from '../../src/shared/webviewProtocol';
import { clear, element, shortPath } from '../element';
import type { PanelActions } from '../panelActions';
import { filterTasks, type PanelState, type TaskListFilter } from '../state';
import { button, dropdown, progressRing, textField } from './toolkit';

type TasksState = PanelState['tasks'];

const statusChoices: readonly { value: TaskListFilter['status']; label: string }[] = [
  { value: 'any', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'open', label: 'Open' },
  { value: 'inProgress', label: 'In progress' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'abandoned', label: 'Abandoned' },
];
const dateChoices: readonly { days: number; label: string }[] = [
  { days: 0, label: 'Any time' },
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
];
/** Rendering thousands of rows costs more than anyone reads; filters narrow the rest. */
const maxRows = 300;

export class TasksView {
  private readonly filters: HTMLElement;
  private readonly list: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly search: HTMLElement & { value: string };
  private last: TasksState | undefined;
  private filterKey = '';

  constructor(
    container: HTMLElement,
    private readonly actions: PanelActions,
  ) {
    this.search = textField({
      placeholder: 'Search task titles and files',
      label: 'Search tasks',
      value: '',
      className: 'task-search',
      onInput: (value) => this.actions.setTaskFilter({ text: value }),
    });
    this.filters = element('div', { class: 'task-filters' });
    this.list = element('div', { class: 'task-list', role: 'list', 'aria-label': 'Tasks' });
    this.detail = element('div', { class: 'task-detail', 'aria-live': 'polite' });
    container.append(
      element(
        'div',
        { class: 'tasks' },
        element('div', { class: 'toolbar task-toolbar' }, this.search, this.filters, button('Refresh', () => this.actions.refresh('tasks'), { title: 'Reload tasks' })),
        element('div', { class: 'tasks-body' }, this.list, this.detail),
      ),
    );
  }

  update(state: TasksState): void {
    if (state === this.last) return;
    const previous = this.last;
    this.last = state;
    if (document.activeElement !== this.search && this.search.value !== state.filter.text) this.search.value = state.filter.text;
    // Dropdowns are rebuilt only when their choices or selection change, so an open dropdown is not yanked away.
    const key = JSON.stringify([state.filter, choicesOf(state.items)]);
    if (key !== this.filterKey) {
      this.filterKey = key;
      this.renderFilters(state);
    }
    if (state.items !== previous?.items || state.filter !== previous?.filter || state.selectedId !== previous?.selectedId || state.loaded !== previous?.loaded) {
      this.renderList(state);
    }
    if (state.detail !== previous?.detail || state.selectedId !== previous?.selectedId) this.renderDetail(state);
  }

  private renderFilters(state: TasksState): void {
    clear(this.filters);
    const { categories, files } = choicesOf(state.items);
    const statusLabel = statusChoices.find((c) => c.value === state.filter.status)?.label ?? 'Any status';
    const dateLabel = dateChoices.find((c) => c.days === state.filter.days)?.label ?? 'Any time';
    this.filters.append(
      dropdown({
        values: statusChoices.map((c) => c.label),
        selected: statusLabel,
        label: 'Filter by status',
        onChange: (label) => this.actions.setTaskFilter({ status: statusChoices.find((c) => c.label === label)?.value ?? 'any' }),
      }),
      dropdown({
        values: ['Any category', ...categories],
        selected: state.filter.category === 'any' ? 'Any category' : state.filter.category,
        label: 'Filter by category',
        onChange: (value) => this.actions.setTaskFilter({ category: value === 'Any category' ? 'any' : value }),
      }),
      dropdown({
        values: ['Any file', ...files],
        selected: state.filter.file === 'any' ? 'Any file' : state.filter.file,
        label: 'Filter by file',
        onChange: (value) => this.actions.setTaskFilter({ file: value === 'Any file' ? 'any' : value }),
      }),
      dropdown({
        values: dateChoices.map((c) => c.label),
        selected: dateLabel,
        label: 'Filter by date created',
        onChange: (label) => this.actions.setTaskFilter({ days: dateChoices.find((c) => c.label === label)?.days ?? 0 }),
      }),
    );
  }

  private renderList(state: TasksState): void {
    clear(this.list);
    if (!state.loaded) {
      this.list.append(element('div', { class: 'empty' }, progressRing(), 'Loading tasks…'));
      return;
    }
    if (state.items.length === 0) {
      this.list.append(element('div', { class: 'empty' }, 'No tasks yet. Start one with “Start as Task” on an incident’s plan, or from an @ops plan.'));
      return;
    }
    const shown = filterTasks(state.items, state.filter, Date.now());
    this.list.append(element('div', { class: 'muted task-count' }, `${shown.length} of ${state.items.length} task${state.items.length === 1 ? '' : 's'}`));
    if (shown.length === 0) {
      this.list.append(element('div', { class: 'empty' }, 'No task matches these filters.'));
      return;
    }
    for (const task of shown.slice(0, maxRows)) this.list.append(this.renderRow(task, task.id === state.selectedId));
    if (shown.length > maxRows) this.list.append(element('div', { class: 'muted' }, `${shown.length - maxRows} more: narrow the filters to see them.`));
  }

  private renderRow(task: TaskSummaryView, selected: boolean): HTMLElement {
    const done = task.steps.done + task.steps.skipped;
    return element(
      'button',
      {
        class: `task-row status-${task.status}${selected ? ' selected' : ''}`,
        role: 'listitem',
        'data-task-id': task.id,
        'aria-current': selected ? 'true' : undefined,
        onclick: () => this.actions.selectTask(task.id),
      },
      element('span', { class: `pill task-status status-${task.status}` }, statusText(task.status)),
      element('span', { class: 'task-title' }, task.title),
      element(
        'span',
        { class: 'muted task-meta' },
        [task.category, task.file ? shortPath(task.file) : undefined, new Date(task.createdAt).toLocaleDateString(), `${done}/${task.steps.total} steps`, checksText(task.checks)]
          .filter(Boolean)
          .join(' · '),
      ),
    );
  }

  private renderDetail(state: TasksState): void {
    clear(this.detail);
    if (state.selectedId === undefined) {
      this.detail.append(element('div', { class: 'empty' }, 'Select a task to see its checklist, live checks and history.'));
      return;
    }
    const task = state.detail;
    if (!task || task.id !== state.selectedId) {
      this.detail.append(element('div', { class: 'empty' }, progressRing(), 'Loading the task…'));
      return;
    }
    const active = task.status === 'open' || task.status === 'inProgress';
    this.detail.append(
      element(
        'section',
        { class: `card task-card status-${task.status}`, 'data-task-id': task.id, 'aria-label': `Task: ${task.title}` },
        element(
          'header',
          { class: 'card-header' },
          element('span', { class: `pill task-status status-${task.status}` }, statusText(task.status)),
          element('h3', {}, task.title),
          element('span', { class: 'muted' }, `opened ${new Date(task.createdAt).toLocaleString()} by ${task.createdBy}`),
        ),
        element('p', {}, task.summary),
        element(
          'div',
          { class: 'task-actions' },
          active ? button('Resolve', () => this.actions.taskAction(task.id, 'resolve'), { appearance: 'primary', title: 'Mark the incident resolved' }) : null,
          active ? button('Abandon', () => this.actions.taskAction(task.id, 'abandon'), { title: 'Close the task without resolving' }) : null,
          active ? null : button('Reopen', () => this.actions.taskAction(task.id, 'reopen'), { appearance: 'primary', title: 'Work on it again; live checks watch again from now' }),
          button('Export postmortem', () => this.actions.taskAction(task.id, 'exportPostmortem'), { title: 'A markdown postmortem draft: timeline, evidence, actions, outcome' }),
          button('Show in Tasks view', () => this.actions.taskAction(task.id, 'showInView'), { title: 'Reveal in the Ops side bar' }),
        ),
        element('h4', {}, 'Steps'),
        element('ol', { class: 'steps task-steps' }, ...task.stepList.map((step) => this.renderStep(task, step, active))),
        task.checkList.length > 0 ? element('h4', {}, 'Success criteria') : null,
        task.checkList.length > 0 ? element('ul', { class: 'task-checks' }, ...task.checkList.map(renderCheck)) : null,
        element('h4', {}, 'History'),
        element(
          'ol',
          { class: 'task-history', reversed: true },
          ...[...task.history].reverse().map((event) =>
            element('li', {}, element('span', { class: 'muted' }, new Date(event.at).toLocaleString()), ' ', event.text, event.who ? element('span', { class: 'muted' }, ` — ${event.who}`) : null),
          ),
        ),
      ),
    );
  }

  private renderStep(task: TaskDetailView, step: TaskStepView, active: boolean): HTMLElement {
    const canRun = active && step.command !== undefined && (step.status === 'pending' || step.status === 'failed' || step.status === 'running');
    const act = (action: Parameters<PanelActions['stepAction']>[2]) => () => this.actions.stepAction(task.id, step.id, action);
    return element(
      'li',
      { class: `step task-step step-${step.status} risk-${step.risk}`, 'data-step-id': step.id },
      element(
        'div',
        { class: 'step-header' },
        element('span', { class: `step-state state-${step.status}`, title: step.status }, stepMark(step.status)),
        element('strong', {}, step.title),
        step.command ? element('span', { class: `risk risk-${step.risk}`, title: step.riskReasons.join('; ') || step.risk }, step.risk) : element('span', { class: 'muted' }, 'manual'),
      ),
      step.detail ? element('p', {}, step.detail) : null,
      step.command ? element('pre', { class: 'command' }, element('code', {}, step.command)) : null,
      step.riskReasons.length > 0 ? element('div', { class: 'step-meta' }, element('span', { class: 'label' }, 'Why: '), step.riskReasons.join('; ')) : null,
      step.lastRun ? element('div', { class: 'step-meta' }, element('span', { class: 'label' }, 'Last run: '), step.lastRun) : null,
      step.note ? element('div', { class: 'step-meta' }, element('span', { class: 'label' }, 'Note: '), step.note) : null,
      active
        ? element(
            'div',
            { class: 'task-step-actions' },
            canRun ? button('Run…', act('run'), { appearance: step.risk === 'safe' ? 'primary' : 'secondary', title: 'Runs in a terminal after a confirmation in the editor', className: 'run-step' }) : null,
            step.status !== 'done' ? button('Done', act('done'), { title: 'Mark the step done' }) : null,
            step.status === 'running' ? button('Failed', act('failed'), { title: 'Mark the step failed (asks for a note)' }) : null,
            step.status === 'pending' || step.status === 'failed' ? button('Skip', act('skipped'), { title: 'Skip the step (asks for a note)' }) : null,
            step.status !== 'pending' ? button('Reset', act('pending'), { title: 'Back to pending' }) : null,
          )
        : null,
    );
  }
}

function renderCheck(check: TaskCheckView): HTMLElement {
  return element(
    'li',
    { class: `task-check check-${check.status}` },
    element('span', { class: `check-mark check-${check.status}`, title: check.status }, check.status === 'passing' ? '✓' : check.status === 'failing' ? '✗' : '…'),
    ' ',
    check.criterion,
    element('span', { class: 'muted' }, ` — ${check.manual ? `${check.status} (manual: set it in the Tasks view)` : check.detail ?? check.status}`),
  );
}

function choicesOf(items: readonly TaskSummaryView[]): { categories: string[]; files: string[] } {
  const categories = new Set<string>();
  const files = new Set<string>();
  for (const task of items) {
    if (task.category) categories.add(task.category);
    if (task.file) files.add(task.file);
  }
  return { categories: [...categories].sort(), files: [...files].sort() };
}

function statusText(status: TaskSummaryView['status']): string {
  return status === 'inProgress' ? 'in progress' : status;
}

function checksText(checks: TaskSummaryView['checks']): string {
  const total = checks.passing + checks.failing + checks.pending;
  return total === 0 ? '' : `checks ${checks.passing}/${total} passing${checks.failing ? `, ${checks.failing} failing` : ''}`;
}

function stepMark(status: TaskStepView['status']): string {
  return { pending: '○', running: '◐', done: '✓', failed: '✗', skipped: '↷' }[status];
}
