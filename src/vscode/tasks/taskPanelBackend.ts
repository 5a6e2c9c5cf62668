/**
 * The panel's Tasks section over the task store: tasks and their detail as protocol views, "Start as Task" from an
 * incident card, and step/task actions routed through the same commands the Tasks view uses, so the panel gets the
 * same confirmation dialogs and notes prompts.
 */
import * as vscode from 'vscode';
import type { IncidentTask } from '../../core/tasks/incidentTask';
import type { NewTaskInput } from '../../core/tasks/taskTransitions';
import type { TaskAction, TaskStepAction } from '../../shared/webviewProtocol';
import { taskIds } from '../contributionIds';
import type { PanelTaskBackend } from '../panel/panelBackend';
import type { TaskService } from './taskService';
import { toDetailView, toSummaryView } from './taskViews';

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
