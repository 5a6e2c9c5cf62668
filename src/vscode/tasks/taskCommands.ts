/**
 * The task commands: Start as Task (from a chat button, the panel, or the palette over a current anomaly), the step
 * actions of the Tasks view (run, done, failed, skip, back to pending, note), manual checks, resolve/abandon/reopen,
 * Show Task History and Export Task as Postmortem. Each accepts a tree node or `{ taskId, stepId?, checkId? }`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly } from '../../core/detection/anomaly';
import type { Logger } from '../../core/logger';
import { IllegalTransitionError, TaskNotFoundError, type IncidentTask, type StepStatus } from '../../core/tasks/incidentTask';
import { renderPostmortemDraft } from '../../core/tasks/postmortemDraft';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';
import type { AnomalyStore } from '../anomalyStore';
import { reportError } from '../commands/reportError';
import { taskIds } from '../contributionIds';
import type { Copilot } from '../../core/copilot/copilot';
import { parseStartTaskArgs } from './startTaskArgs';
import { pickFromTaskHistory, type HistoryChoice } from './taskHistoryPick';
import type { TaskService } from './taskService';
import type { TaskStepRunner, TaskStepRunResult } from './taskStepRunner';
import type { TaskTreeNode } from './tasksTree';

export interface TaskCommandDeps {
  service: TaskService;
  runner: TaskStepRunner;
  anomalies: AnomalyStore;
  copilot: () => Promise<Pick<Copilot, 'remediate'>>;
  log: Logger;
  /** Shows a task (expanded and selected) in the Tasks view. */
  reveal(taskId: string): Promise<void>;
}

export interface TaskRef {
  taskId: string;
  stepId?: string;
  checkId?: string;
  /** A note to record without asking (panel, tests). */
  note?: string;
}

export type PostmortemTarget = 'untitled' | 'file';
export interface PostmortemArgs extends TaskRef {
  to?: PostmortemTarget;
  /** Where to save when `to` is 'file'; asked for otherwise. */
  uri?: vscode.Uri;
}
export type PostmortemResult = { kind: 'untitled'; document: vscode.TextDocument } | { kind: 'file'; uri: vscode.Uri };

export function registerTaskCommands(deps: TaskCommandDeps): vscode.Disposable[] {
  const command = <A extends unknown[], R>(id: string, what: string, handler: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(id, async (...args: A) => {
      try {
        return await handler(...args);
      } catch (error) {
        // Expected refusals (an illegal move, a task that was deleted) are said plainly; the rest goes to the logs.
        if (error instanceof IllegalTransitionError || error instanceof TaskNotFoundError) {
          void vscode.window.showWarningMessage(`Ops Copilot: ${error.message}`);
        } else {
          reportError(deps.log, what, error);
        }
        return undefined;
      }
    });
  const step = (id: string, to: StepStatus, askNote: boolean) =>
    command(id, `Marking the step ${to}`, async (arg?: TaskTreeNode | TaskRef) => {
      const ref = await stepRef(deps, arg);
      if (!ref?.stepId) return undefined;
      let note = ref.note;
      if (note === undefined && askNote) {
        note = await vscode.window.showInputBox({ title: `Step ${to}`, prompt: 'What happened? (optional, kept in the task history)' });
        if (note === undefined) return undefined;
      }
      const store = await deps.service.store();
      return store.moveStep(ref.taskId, ref.stepId, to, deps.service.who, note?.trim() || undefined);
    });

  return [
    command(taskIds.startTaskCommand, 'Starting the task', (arg?: unknown) => startTask(deps, arg)),
    command(taskIds.runTaskStepCommand, 'Running the step', async (arg?: TaskTreeNode | TaskRef): Promise<TaskStepRunResult | undefined> => {
      const ref = await stepRef(deps, arg, (s) => Boolean(s.command) && (s.status === 'pending' || s.status === 'failed' || s.status === 'running'));
      if (!ref?.stepId) return undefined;
      return deps.runner.run(ref.taskId, ref.stepId);
    }),
    step(taskIds.markStepDoneCommand, 'done', false),
    step(taskIds.markStepFailedCommand, 'failed', true),
    step(taskIds.skipStepCommand, 'skipped', true),
    step(taskIds.resetStepCommand, 'pending', false),
    command(taskIds.addTaskNoteCommand, 'Adding the note', async (arg?: TaskTreeNode | TaskRef) => {
      const ref = await taskRef(deps, arg);
      if (!ref) return undefined;
      const note = ref.note ?? (await vscode.window.showInputBox({ title: 'Add a note to the task', prompt: 'Kept in the task history and the postmortem timeline' }));
      if (!note?.trim()) return undefined;
      const store = await deps.service.store();
      return store.addNote(ref.taskId, note.trim(), deps.service.who, ref.stepId);
    }),
    command(taskIds.setCheckCommand, 'Setting the check', async (arg?: TaskTreeNode | (TaskRef & { status?: 'passing' | 'failing' | 'pending' })) => {
      const ref = await taskRef(deps, arg);
      if (!ref?.checkId) return undefined;
      const status =
        (arg && 'status' in arg ? arg.status : undefined) ??
        ((await vscode.window.showQuickPick(['passing', 'failing', 'pending'], { title: 'Set the success criterion' })) as 'passing' | 'failing' | 'pending' | undefined);
      if (!status) return undefined;
      const store = await deps.service.store();
      return store.setCheckStatus(ref.taskId, ref.checkId, status, deps.service.who, `set by ${deps.service.who}`);
    }),
    command(taskIds.resolveTaskCommand, 'Resolving the task', async (arg?: TaskTreeNode | TaskRef) => {
      const ref = await taskRef(deps, arg, ['open', 'inProgress']);
      if (!ref) return undefined;
      return (await deps.service.store()).resolve(ref.taskId, deps.service.who, ref.note);
    }),
    command(taskIds.abandonTaskCommand, 'Abandoning the task', async (arg?: TaskTreeNode | TaskRef) => {
      const ref = await taskRef(deps, arg, ['open', 'inProgress']);
      if (!ref) return undefined;
      return (await deps.service.store()).abandon(ref.taskId, deps.service.who, ref.note);
    }),
    command(taskIds.reopenTaskCommand, 'Reopening the task', async (arg?: TaskTreeNode | TaskRef) => {
      const ref = await taskRef(deps, arg, ['resolved', 'abandoned']);
      if (!ref) return undefined;
      const task = await (await deps.service.store()).reopen(ref.taskId, deps.service.who, ref.note);
      await deps.reveal(task.id);
      return task;
    }),
    command(taskIds.showTaskHistoryCommand, 'Showing the task history', () => showHistory(deps)),
    command(taskIds.exportPostmortemCommand, 'Exporting the postmortem', (arg?: TaskTreeNode | PostmortemArgs) => exportPostmortem(deps, arg)),
  ];
}

/** Starts a task from command arguments, or (from the palette) from a current anomaly planned by the copilot. */
async function startTask(deps: TaskCommandDeps, arg: unknown): Promise<IncidentTask | undefined> {
  let input: NewTaskInput | undefined;
  if (arg === undefined) {
    input = await planForPickedAnomaly(deps);
    if (!input) return undefined;
  } else {
    const parsed = parseStartTaskArgs(arg, (id) => deps.anomalies.find(id));
    if (!parsed.ok) throw new Error(`the plan is not usable (${parsed.reason})`);
    input = parsed.input;
  }
  return startFromInput(deps, input);
}

export async function startFromInput(deps: Pick<TaskCommandDeps, 'service' | 'reveal'>, input: NewTaskInput): Promise<IncidentTask> {
  const task = await deps.service.start(input);
  await deps.reveal(task.id).catch(() => undefined);
  const live = task.checks.filter((c) => c.spec.kind !== 'manual').length;
  void vscode.window.showInformationMessage(
    `Ops Copilot: started "${task.title}" — ${task.steps.length} step${task.steps.length === 1 ? '' : 's'}, ${live} live check${live === 1 ? '' : 's'} watching the logs.`,
  );
  return task;
}

async function planForPickedAnomaly(deps: TaskCommandDeps): Promise<NewTaskInput | undefined> {
  const anomalies = deps.anomalies.all();
  if (anomalies.length === 0) {
    void vscode.window.showInformationMessage('Ops Copilot: no anomalies right now. Start a task from a plan: @ops /remediate, or the panel’s incident cards.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    anomalies.slice(0, 200).map((anomaly) => ({ label: anomaly.title, description: `${path.basename(anomaly.file)}:${anomaly.firstLine}`, detail: anomaly.explanation, anomaly })),
    { title: 'Start a task for which anomaly?', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  const related: Anomaly[] = deps.anomalies.get(picked.anomaly.file).filter((a) => a.id === picked.anomaly.id || a.severity !== 'info');
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ops Copilot: planning the remediation', cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const copilot = await deps.copilot();
      const plan = await copilot.remediate({ anomaly: picked.anomaly, anomalies: related }, controller.signal);
      const { classification, ...rest } = plan;
      return { plan: rest, classification, anomalies: related, title: picked.anomaly.title };
    },
  );
}

/** Resolves with what the user chose (undefined when they closed the pick). */
async function showHistory(deps: TaskCommandDeps): Promise<HistoryChoice | undefined> {
  const store = await deps.service.store();
  if (store.size === 0) {
    void vscode.window.showInformationMessage('Ops Copilot: no tasks yet. Start one from a remediation plan (“Start as Task”).');
    return undefined;
  }
  const choice = await pickFromTaskHistory(store);
  if (!choice) return undefined;
  switch (choice.action) {
    case 'show':
      await deps.reveal(choice.taskId);
      break;
    case 'reopen':
      await store.reopen(choice.taskId, deps.service.who);
      await deps.reveal(choice.taskId);
      break;
    case 'resolve':
      await store.resolve(choice.taskId, deps.service.who);
      break;
    case 'abandon':
      await store.abandon(choice.taskId, deps.service.who);
      break;
    case 'export':
      await exportPostmortem(deps, { taskId: choice.taskId });
      break;
  }
  return choice;
}

async function exportPostmortem(deps: TaskCommandDeps, arg?: TaskTreeNode | PostmortemArgs): Promise<PostmortemResult | undefined> {
  const ref = await taskRef(deps, arg);
  if (!ref) return undefined;
  const task = (await deps.service.store()).get(ref.taskId);
  if (!task) throw new TaskNotFoundError('task', ref.taskId);
  const options: Partial<PostmortemArgs> = arg && 'taskId' in arg ? (arg as PostmortemArgs) : {};
  const untitled = 'Open as Untitled Document';
  const save = 'Save as File…';
  const to: PostmortemTarget | undefined =
    options.to ??
    (await vscode.window.showQuickPick([untitled, save], { title: `Export "${task.title}" as a postmortem draft` }).then((c) => (c === untitled ? 'untitled' : c === save ? 'file' : undefined)));
  if (!to) return undefined;
  const markdown = renderPostmortemDraft(task);
  if (to === 'untitled') {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(document, { preview: false });
    return { kind: 'untitled', document };
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `postmortem-${new Date(task.createdAt).toISOString().slice(0, 10)}-${slug(task.title)}.md`;
  const uri =
    options.uri ??
    (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: { Markdown: ['md'] }, title: 'Save the postmortem draft' }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(markdown, 'utf8'));
  void vscode.window.showInformationMessage(`Ops Copilot: postmortem draft saved to ${path.basename(uri.fsPath)}.`);
  return { kind: 'file', uri };
}

/** The task an action is for: from the argument, or picked (among tasks in `statuses`) when run from the palette. */
async function taskRef(deps: TaskCommandDeps, arg: TaskTreeNode | TaskRef | undefined, statuses?: IncidentTask['status'][]): Promise<TaskRef | undefined> {
  if (arg && 'taskId' in arg && typeof arg.taskId === 'string') {
    return {
      taskId: arg.taskId,
      stepId: 'stepId' in arg ? arg.stepId : undefined,
      checkId: 'checkId' in arg ? arg.checkId : undefined,
      note: 'note' in arg && typeof arg.note === 'string' ? arg.note : undefined,
    };
  }
  const store = await deps.service.store();
  const candidates = store.list(statuses ? { status: statuses } : {});
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Ops Copilot: no task to apply this to.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.slice(0, 500).map((t) => ({ label: t.title, description: `${t.status}${t.category ? ` · ${t.category}` : ''}`, id: t.id })),
    { title: 'Which task?' },
  );
  return picked ? { taskId: picked.id } : undefined;
}

async function stepRef(
  deps: TaskCommandDeps,
  arg: TaskTreeNode | TaskRef | undefined,
  eligible: (step: IncidentTask['steps'][number]) => boolean = () => true,
): Promise<TaskRef | undefined> {
  const ref = await taskRef(deps, arg, ['open', 'inProgress']);
  if (!ref || ref.stepId) return ref;
  const task = (await deps.service.store()).get(ref.taskId);
  const steps = (task?.steps ?? []).filter(eligible);
  const picked = await vscode.window.showQuickPick(
    steps.map((s) => ({ label: s.title, description: `${s.status}${s.command ? ` · ${s.risk}` : ''}`, id: s.id })),
    { title: 'Which step?' },
  );
  return picked ? { ...ref, stepId: picked.id } : undefined;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50) || 'task';
}
