/** What the views may ask for; main.ts turns each into a state change and/or a message to the host. */
import type { FeedbackVerdict, PanelTab, SourceLocation } from '../src/shared/webviewProtocol';

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
  refresh(what: 'incidents' | 'dashboard'): void;
  dismissBanner(): void;
}
