/**
 * The editor's handle on the per-workspace TaskStore: opens it lazily (never during activation), tells the user when
 * the file was corrupt and kept aside, names who did what, and turns store changes into one editor event.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock, type Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import type { AtomicLoadStatus } from '../../core/storage/atomicJsonFile';
import type { IncidentTask } from '../../core/tasks/incidentTask';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';
import { TaskStore } from '../../core/tasks/taskStore';

export interface TaskServiceOptions {
  /** Folder for tasks.json: the workspace's storage folder, or the global one without a workspace. */
  storageDir: string;
  log: Logger;
  clock?: Clock;
  /** How people are named in task history; the OS user name by default. */
  who?: string;
}

export const taskFileName = 'tasks.json';

export class TaskService implements vscode.Disposable {
  private opening: Promise<TaskStore> | undefined;
  private opened: TaskStore | undefined;
  private storeSubscription: { dispose(): void } | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<string | undefined>();
  /** A task id when one task changed; undefined once the store has loaded. */
  readonly onDidChange = this.changeEmitter.event;
  readonly who: string;

  constructor(private readonly options: TaskServiceOptions) {
    this.who = options.who ?? currentUser();
  }

  get file(): string {
    return path.join(this.options.storageDir, taskFileName);
  }

  /** The store once it is open (sync readers such as the tree show "loading" until then). */
  get current(): TaskStore | undefined {
    return this.opened;
  }

  /** Opens the store on first use; a corrupt file is reported once with where it was kept. */
  store(): Promise<TaskStore> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  async start(input: NewTaskInput): Promise<IncidentTask> {
    const store = await this.store();
    const task = await store.create(input, this.who);
    this.options.log.info(`[tasks] started ${task.id} with ${task.steps.length} step(s) and ${task.checks.length} check(s)`);
    return task;
  }

  /** Waits for pending writes and lets go of the store (a later call opens it again from disk). */
  async close(): Promise<void> {
    const store = this.opened ?? (await this.opening?.catch(() => undefined));
    await store?.flush();
    this.storeSubscription?.dispose();
    this.storeSubscription = undefined;
    this.opened = undefined;
    this.opening = undefined;
  }

  dispose(): void {
    void this.close();
    this.changeEmitter.dispose();
  }

  private async open(): Promise<TaskStore> {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(this.options.storageDir));
    const store = await TaskStore.open({ file: this.file, clock: this.options.clock ?? systemClock, logger: this.options.log });
    reportLoadStatus(store.loadStatus, this.file, this.options.log);
    this.storeSubscription = store.onDidChange((taskId) => this.changeEmitter.fire(taskId));
    this.opened = store;
    this.changeEmitter.fire(undefined);
    return store;
  }
}

/** A corrupt task file is never dropped silently: it was moved aside, and the user hears where. */
function reportLoadStatus(status: AtomicLoadStatus, file: string, log: Logger): void {
  if (status.kind !== 'recovered') return;
  log.warn(`[tasks] ${file} ${status.reason}; kept aside as ${status.movedTo}`);
  const reveal = 'Reveal Kept File';
  void vscode.window
    .showWarningMessage(
      `Ops Copilot: the task history file was unreadable (${status.reason}). It was kept as ${path.basename(status.movedTo)} and task history starts empty.`,
      reveal,
    )
    .then((choice) => {
      if (choice === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(status.movedTo));
    });
}

function currentUser(): string {
  try {
    return os.userInfo().username || 'you';
  } catch {
    return 'you';
  }
}
