/**
 * Incident tasks in the editor, registered with one call: the per-workspace store (opened after activation, never
 * during it), the Tasks view, the commands, the live checks wired to the detector, and the panel's Tasks section.
 */
import * as vscode from 'vscode';
import type { IncidentTask } from '../../core/tasks/incidentTask';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';
import { taskIds } from '../contributionIds';
import type { Copilot } from '../../core/copilot/copilot';
import type { OpsServices } from '../opsServices';
import type { PanelTaskBackend } from '../panel/panelBackend';
import { LiveCheckMonitor } from './liveCheckMonitor';
import { registerTaskCommands, startFromInput } from './taskCommands';
import { createTaskPanelBackend } from './taskPanelBackend';
import { TaskService } from './taskService';
import { TaskStepRunner } from './taskStepRunner';
import { TasksTreeProvider } from './tasksTree';

export interface TaskFeatures {
  service: TaskService;
  tree: TasksTreeProvider;
  runner: TaskStepRunner;
  checks: LiveCheckMonitor;
  /** Starts a task, shows it in the Tasks view and says so. */
  start(input: NewTaskInput): Promise<IncidentTask>;
  /** The panel's Tasks section, given how to find the plan on an incident card. */
  panelBackend(planFor: (incidentId: string) => NewTaskInput | undefined): PanelTaskBackend;
  /**
   * Lets go of the in-memory store after its writes land and reads it back from disk, as a window reload would
   * (the integration harness runs inside the extension host, so it cannot reload the window itself).
   */
  reopenStore(): Promise<void>;
}

/** After activation: tasks left in progress get their live checks going again without anyone opening the view. */
const backgroundOpenDelayMs = 1500;

export interface TaskFeatureDeps {
  services: OpsServices;
  /** The copilot, for "Start as Task" from the palette (plans a current anomaly); may load it on first use. */
  copilot: () => Promise<Pick<Copilot, 'remediate'>>;
}

export function registerTaskFeatures(context: vscode.ExtensionContext, deps: TaskFeatureDeps): TaskFeatures {
  const { services, copilot } = deps;
  const log = services.log;
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const service = new TaskService({ storageDir, log });
  const runner = new TaskStepRunner(service, log);
  const tree = new TasksTreeProvider(service);
  const treeView = vscode.window.createTreeView(taskIds.view, { treeDataProvider: tree, showCollapseAll: true });
  const checks = new LiveCheckMonitor({
    tasks: service,
    anomalies: services.store,
    health: () => {
      const watcher = services.isPaused() ? undefined : services.watcher();
      return watcher?.settled ? watcher.health.snapshot() : undefined;
    },
    log,
  });

  const updateBadge = (): void => {
    const active = service.current?.list({ status: ['open', 'inProgress'] }).length ?? 0;
    treeView.badge = active > 0 ? { value: active, tooltip: `${active} active incident task${active === 1 ? '' : 's'}` } : undefined;
  };
  const reveal = async (taskId: string): Promise<void> => {
    await service.store();
    tree.refresh();
    try {
      await treeView.reveal({ kind: 'task', taskId }, { expand: true, select: true, focus: false });
    } catch (error) {
      // Showing it is a courtesy: the task exists whether or not the view could scroll to it.
      log.debug(`[tasks] could not reveal ${taskId}: ${(error as Error).message}`);
    }
  };
  const start = (input: NewTaskInput): Promise<IncidentTask> => startFromInput({ service, reveal }, input);
  // A new or reopened task should not wait for the next tick to show its checks' state.
  const evaluateSoon = (): void => void checks.evaluate().catch(() => undefined);

  const openTimer = setTimeout(() => {
    void service.store().then(evaluateSoon, (error: unknown) => log.warn(`[tasks] could not open the task store: ${(error as Error).message}`));
  }, backgroundOpenDelayMs);

  context.subscriptions.push(
    service,
    runner,
    tree,
    treeView,
    checks,
    service.onDidChange(() => {
      updateBadge();
      evaluateSoon();
    }),
    ...registerTaskCommands({ service, runner, anomalies: services.store, copilot, log, reveal }),
    { dispose: () => clearTimeout(openTimer) },
  );

  return {
    service,
    tree,
    runner,
    checks,
    start,
    panelBackend: (planFor) => createTaskPanelBackend({ service, planFor, start, reveal }),
    reopenStore: async () => {
      await service.close();
      await service.store();
      tree.refresh();
    },
  };
}
