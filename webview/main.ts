/**
 * Entry of the Ops Copilot panel: restores the saved state, builds the tabs, says `ready` to the host, then routes
 * host messages and UI actions through the reducer and repaints what changed once per frame.
 */
import type { PanelTab, PanelToHost } from '../src/shared/webviewProtocol';
import { element } from './element';
import { connectToHost } from './hostChannel';
import type { PanelActions } from './panelActions';
import { reducePanel, restorePanelState, toPersistedState, type PanelAction, type PanelState } from './state';
import { ChatView } from './views/chatView';
import { DashboardView } from './views/dashboardView';
import { IncidentsView } from './views/incidentsView';
import { RunbooksView } from './views/runbooksView';
import { TasksView } from './views/tasksView';
import { button, registerToolkit, tabs } from './views/toolkit';

const tabOrder: readonly { id: PanelTab; label: string }[] = [
  { id: 'chat', label: 'Chat' },
  { id: 'incidents', label: 'Incidents' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'runbooks', label: 'Runbooks' },
  { id: 'dashboard', label: 'Dashboard' },
];

/** Persisting on every streamed chunk would serialise the whole transcript each time; once a second is plenty. */
const persistIntervalMs = 1000;

function start(): void {
  performance.mark('ops-panel-script');
  registerToolkit();
  const host = connectToHost();
  const root = document.getElementById('root') ?? document.body.appendChild(element('div', { id: 'root' }));
  let state: PanelState = restorePanelState(host.getState());
  let painted: PanelState | undefined;
  let frame: number | undefined;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;
  const received = new Set<string>();
  let interactiveMarked = false;

  const newRequestId = (): string => `${Date.now().toString(36)}-${(sequence++).toString(36)}`;
  const post = (message: PanelToHost): void => host.post(message);
  const dispatch = (action: PanelAction): void => {
    state = reducePanel(state, action);
    if (frame === undefined) frame = requestAnimationFrame(paint);
    if (persistTimer === undefined) {
      persistTimer = setTimeout(() => {
        persistTimer = undefined;
        host.setState(toPersistedState(state));
      }, persistIntervalMs);
    }
  };

  const actions: PanelActions = {
    selectTab: (tab) => dispatch({ type: 'ui/selectTab', tab }),
    setDraft: (text) => dispatch({ type: 'ui/draft', text }),
    ask: (question) => {
      const requestId = newRequestId();
      dispatch({ type: 'ui/ask', requestId, question, askedAt: Date.now() });
      post({ type: 'ask', requestId, question });
    },
    cancel: (requestId) => {
      dispatch({ type: 'ui/cancel', requestId });
      post({ type: 'cancel', requestId });
    },
    clearHistory: () => post({ type: 'clearHistory' }),
    openLocation: (location) => post({ type: 'openLocation', file: location.file, line: location.line }),
    runStep: (incidentId, stepId) => post({ type: 'runStep', incidentId, stepId }),
    vote: (incidentId, target, vote) => {
      const previous = state.incidents.votes[`${incidentId}/${target}`];
      dispatch({ type: 'ui/vote', incidentId, target, vote });
      // Taking a vote back is local only: the host keeps the first signal, which is what the feedback loop learns from.
      if (previous !== vote) post({ type: 'feedback', incidentId, target, verdict: { kind: vote } });
    },
    feedback: (incidentId, target, verdict) => post({ type: 'feedback', incidentId, target, verdict }),
    searchRunbooks: (query) => {
      const requestId = newRequestId();
      dispatch({ type: 'ui/search', requestId, query });
      post({ type: 'searchRunbooks', requestId, query });
    },
    refresh: (what) => post({ type: 'refresh', what }),
    startTask: (incidentId) => post({ type: 'startTask', incidentId }),
    selectTask: (taskId) => {
      dispatch({ type: 'ui/selectTask', taskId });
      post({ type: 'selectTask', taskId });
    },
    setTaskFilter: (filter) => dispatch({ type: 'ui/taskFilter', filter }),
    taskAction: (taskId, action) => post({ type: 'taskAction', taskId, action }),
    stepAction: (taskId, stepId, action) => post({ type: 'stepAction', taskId, stepId, action }),
    dismissBanner: () => dispatch({ type: 'ui/dismissBanner' }),
  };

  const banner = element('div', { class: 'banner', role: 'alert', hidden: true });
  const panelTabs = tabs(tabOrder, (id) => actions.selectTab(id as PanelTab));
  root.append(banner, panelTabs.root);
  root.removeAttribute('aria-busy');
  const chat = new ChatView(panelTabs.view('chat'), actions);
  const incidents = new IncidentsView(panelTabs.view('incidents'), actions);
  const tasks = new TasksView(panelTabs.view('tasks'), actions);
  const runbooks = new RunbooksView(panelTabs.view('runbooks'), actions);
  const dashboard = new DashboardView(panelTabs.view('dashboard'), actions);

  function paint(): void {
    frame = undefined;
    const previous = painted;
    painted = state;
    if (state.tab !== previous?.tab) {
      panelTabs.select(state.tab);
      dashboard.setVisible(state.tab === 'dashboard');
    }
    if (state.chat !== previous?.chat) chat.update(state.chat);
    if (state.incidents !== previous?.incidents) {
      incidents.update(state.incidents);
      panelTabs.setLabel('incidents', 'Incidents', state.incidents.items.length);
    }
    if (state.tasks !== previous?.tasks) {
      tasks.update(state.tasks);
      panelTabs.setLabel('tasks', 'Tasks', state.tasks.items.filter((t) => t.status === 'open' || t.status === 'inProgress').length);
    }
    if (state.runbooks !== previous?.runbooks) runbooks.update(state.runbooks);
    if (state.dashboard !== previous?.dashboard) dashboard.update(state.dashboard);
    if (state.banner !== previous?.banner) renderBanner(banner, state.banner, actions);
    if (!interactiveMarked && received.has('history') && received.has('incidents')) {
      interactiveMarked = true;
      // The preview harness and integration tests read this to time open-to-interactive.
      performance.mark('ops-panel-interactive');
      document.body.dataset.interactive = 'true';
    }
  }

  host.onMessage((message) => {
    received.add(message.type);
    dispatch(message);
  });
  paint();
  performance.mark('ops-panel-shell');
  post({ type: 'ready' });
  // A selection restored from saved state needs its detail again.
  if (state.tasks.selectedId !== undefined) post({ type: 'selectTask', taskId: state.tasks.selectedId });
}

function renderBanner(node: HTMLElement, message: string | undefined, actions: PanelActions): void {
  node.replaceChildren();
  node.hidden = message === undefined;
  if (message === undefined) return;
  node.append(
    element('span', {}, message),
    button('✕', () => actions.dismissBanner(), { appearance: 'icon', title: 'Dismiss', className: 'dismiss' }),
  );
}

start();
