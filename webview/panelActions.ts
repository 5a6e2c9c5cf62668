/** What the views may ask for; main.ts turns each into a state change and/or a message to the host. */
import type { FeedbackVerdict, PanelTab, SourceLocation, TaskAction, TaskStepAction } from '../src/shared/webviewProtocol';
import type { TaskListFilter } from './state';

export interface PanelActions {
  selectTab(tab: PanelTab): void;
  setDraft(text: string): void;
  ask(question: string): void;
  cancel(requestId: string): void;
  clearHistory(): void;
  openLocation(location: SourceLocation): void;
  runStep(incidentId: string, stepId: string): void;
  vote(incidentId: string, target: 'classification' | 'plan', vote: 'up' | 'down'): void;
  feedback(incidentId: string, target: 'classification' | 'plan', verdict: FeedbackVerdict): void;
  searchRunbooks(query: string): void;
  refresh(what: 'incidents' | 'dashboard' | 'tasks'): void;
  startTask(incidentId: string): void;
  selectTask(taskId: string): void;
  setTaskFilter(filter: Partial<TaskListFilter>): void;
  taskAction(taskId: string, action: TaskAction): void;
  stepAction(taskId: string, stepId: string, action: TaskStepAction): void;
  dismissBanner(): void;
}
