/**
 * The panel's state and its pure reducer: host messages and local UI actions in, new state out. Unchanged slices keep
 * their identity, so views re-render only what changed.
 */
import { assertNever } from '../src/shared/assertNever';
import type {
  ChatTurnView,
  DashboardView,
  HostToPanel,
  IncidentView,
  PanelTab,
  RunbookHitView,
  StepStatus,
  TaskDetailView,
  TaskStatusView,
  TaskSummaryView,
} from '../src/shared/webviewProtocol';

export type PanelTurn = ChatTurnView & { stopping?: boolean };
export type Vote = 'up' | 'down';

export interface StepState {
  status: StepStatus;
  message?: string;
}

export interface PanelState {
  version: 1;
  tab: PanelTab;
  chat: { turns: PanelTurn[]; draft: string };
  incidents: {
    loaded: boolean;
    items: IncidentView[];
    categories: string[];
    focusedId?: string;
    /** Set by "Open in panel" for an anomaly; the view highlights the incident that contains it. */
    focusedAnomalyId?: string;
    /** Keyed by `${incidentId}/${target}`. */
    votes: Record<string, Vote>;
    /** Keyed by `${incidentId}/${stepId}`. */
    steps: Record<string, StepState>;
  };
  tasks: {
    loaded: boolean;
    items: TaskSummaryView[];
    selectedId?: string;
    /** The selected task's detail, once the host sent it. */
    detail?: TaskDetailView;
    filter: TaskListFilter;
  };
  runbooks: { query: string; requestId?: string; pending: boolean; results: RunbookHitView[]; error?: string };
  dashboard: { view?: DashboardView };
  /** The last error not tied to a request, shown until dismissed. */
  banner?: string;
}

/** The Tasks list's filters; 'any' (or 0 days, or empty text) filters nothing. */
export interface TaskListFilter {
  status: 'any' | 'active' | TaskStatusView;
  category: string;
  /** A task file's full path. */
  file: string;
  /** Created within this many days; 0 is any time. */
  days: number;
  text: string;
}

export const anyTaskFilter: TaskListFilter = { status: 'any', category: 'any', file: 'any', days: 0, text: '' };

/** The tasks the filter keeps, in the host's order (newest first). `now` is epoch ms. */
export function filterTasks(items: readonly TaskSummaryView[], filter: TaskListFilter, now: number): TaskSummaryView[] {
  const needle = filter.text.trim().toLowerCase();
  return items.filter((task) => {
    if (filter.status === 'active' && task.status !== 'open' && task.status !== 'inProgress') return false;
    if (filter.status !== 'any' && filter.status !== 'active' && task.status !== filter.status) return false;
    if (filter.category !== 'any' && task.category !== filter.category) return false;
    if (filter.file !== 'any' && task.file !== filter.file) return false;
    if (filter.days > 0 && task.createdAt < now - filter.days * 24 * 3600_000) return false;
    if (needle && !task.title.toLowerCase().includes(needle) && !(task.file ?? '').toLowerCase().includes(needle)) return false;
    return true;
  });
}

/** What the panel does on its own; `ui/` keeps these apart from host message names. */
export type LocalAction =
  | { type: 'ui/selectTab'; tab: PanelTab }
  | { type: 'ui/draft'; text: string }
  | { type: 'ui/ask'; requestId: string; question: string; askedAt: number }
  | { type: 'ui/cancel'; requestId: string }
  | { type: 'ui/search'; requestId: string; query: string }
  | { type: 'ui/vote'; incidentId: string; target: 'classification' | 'plan'; vote: Vote }
  | { type: 'ui/dismissBanner' }
  | { type: 'ui/selectTask'; taskId: string }
  | { type: 'ui/taskFilter'; filter: Partial<TaskListFilter> };

export type PanelAction = HostToPanel | LocalAction;

export const initialPanelState: PanelState = {
  version: 1,
  tab: 'chat',
  chat: { turns: [], draft: '' },
  incidents: { loaded: false, items: [], categories: [], votes: {}, steps: {} },
  tasks: { loaded: false, items: [], filter: anyTaskFilter },
  runbooks: { query: '', pending: false, results: [] },
  dashboard: {},
};

export function voteKey(incidentId: string, target: 'classification' | 'plan'): string {
  return `${incidentId}/${target}`;
}

export function stepKey(incidentId: string, stepId: string): string {
  return `${incidentId}/${stepId}`;
}

/** The incident "Open in panel" pointed at, by its own id or by one of its anomalies. */
export function focusedIncidentId(incidents: PanelState['incidents']): string | undefined {
  if (incidents.focusedId !== undefined && incidents.items.some((item) => item.id === incidents.focusedId)) {
    return incidents.focusedId;
  }
  const anomalyId = incidents.focusedAnomalyId;
  if (anomalyId === undefined) return undefined;
  return incidents.items.find((item) => item.anomalies.some((anomaly) => anomaly.id === anomalyId))?.id;
}

export function reducePanel(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'history':
      return { ...state, chat: { ...state.chat, turns: action.turns } };
    case 'turn':
      return withTurns(state, upsertTurn(state.chat.turns, action.turn));
    case 'answerChunk':
      return updateTurn(state, action.requestId, (turn) =>
        turn.status === 'streaming' ? { ...turn, answer: turn.answer + action.text } : turn,
      );
    case 'answerDone':
      return updateTurn(state, action.requestId, (turn) => {
        if (turn.status !== 'streaming') return turn;
        const { stopping: _stopping, ...rest } = turn;
        return {
          ...rest,
          status: action.stopped ? 'stopped' : 'done',
          citations: action.citations,
          ...(action.footer !== undefined ? { footer: action.footer } : {}),
        };
      });
    case 'error':
      return applyError(state, action.requestId, action.message);
    case 'incidents':
      return {
        ...state,
        incidents: { ...state.incidents, loaded: true, items: action.incidents, categories: action.categories },
      };
    case 'dashboard':
      return { ...state, dashboard: { view: action.dashboard } };
    case 'runbookResults':
      // Live search: only the newest request's results count.
      if (action.requestId !== state.runbooks.requestId) return state;
      return {
        ...state,
        runbooks: { query: state.runbooks.query, requestId: action.requestId, pending: false, results: action.results },
      };
    case 'stepStatus': {
      const step: StepState = { status: action.status, ...(action.message ? { message: action.message } : {}) };
      return {
        ...state,
        incidents: {
          ...state.incidents,
          steps: { ...state.incidents.steps, [stepKey(action.incidentId, action.stepId)]: step },
        },
      };
    }
    case 'tasks':
      return { ...state, tasks: { ...state.tasks, loaded: true, items: action.tasks } };
    case 'task': {
      if (action.taskId !== state.tasks.selectedId) return state;
      if (!action.task) {
        const { selectedId: _selected, detail: _detail, ...rest } = state.tasks;
        return { ...state, tasks: rest };
      }
      return { ...state, tasks: { ...state.tasks, detail: action.task } };
    }
    case 'focus': {
      const { focusedId: _id, focusedAnomalyId: _anomalyId, ...incidents } = state.incidents;
      const focusesIncident = action.incidentId !== undefined || action.anomalyId !== undefined;
      return {
        ...state,
        tab: action.tab,
        chat: action.draft !== undefined ? { ...state.chat, draft: action.draft } : state.chat,
        incidents: focusesIncident
          ? {
              ...incidents,
              ...(action.incidentId !== undefined ? { focusedId: action.incidentId } : {}),
              ...(action.anomalyId !== undefined ? { focusedAnomalyId: action.anomalyId } : {}),
            }
          : state.incidents,
        tasks: action.taskId !== undefined ? selectTask(state.tasks, action.taskId) : state.tasks,
      };
    }
    case 'ui/selectTab':
      return state.tab === action.tab ? state : { ...state, tab: action.tab };
    case 'ui/draft':
      return { ...state, chat: { ...state.chat, draft: action.text } };
    case 'ui/ask': {
      const turn: PanelTurn = {
        requestId: action.requestId,
        question: action.question,
        answer: '',
        citations: [],
        status: 'streaming',
        askedAt: action.askedAt,
      };
      return { ...state, chat: { turns: upsertTurn(state.chat.turns, turn), draft: '' } };
    }
    case 'ui/cancel':
      return updateTurn(state, action.requestId, (turn) =>
        turn.status === 'streaming' ? { ...turn, stopping: true } : turn,
      );
    case 'ui/search':
      return {
        ...state,
        runbooks: {
          query: action.query,
          requestId: action.requestId,
          pending: action.query.trim().length > 0,
          results: action.query.trim().length > 0 ? state.runbooks.results : [],
        },
      };
    case 'ui/vote': {
      const key = voteKey(action.incidentId, action.target);
      const votes = { ...state.incidents.votes };
      // Pressing the same thumb again takes the vote back.
      if (votes[key] === action.vote) delete votes[key];
      else votes[key] = action.vote;
      return { ...state, incidents: { ...state.incidents, votes } };
    }
    case 'ui/selectTask':
      return { ...state, tasks: selectTask(state.tasks, action.taskId) };
    case 'ui/taskFilter':
      return { ...state, tasks: { ...state.tasks, filter: { ...state.tasks.filter, ...action.filter } } };
    case 'ui/dismissBanner': {
      if (state.banner === undefined) return state;
      const { banner: _banner, ...rest } = state;
      return rest;
    }
    default:
      return assertNever(action);
  }
}

function selectTask(tasks: PanelState['tasks'], taskId: string): PanelState['tasks'] {
  if (tasks.selectedId === taskId) return tasks;
  const { detail: _detail, ...rest } = tasks;
  return { ...rest, selectedId: taskId };
}

function applyError(state: PanelState, requestId: string | undefined, message: string): PanelState {
  if (requestId !== undefined) {
    if (state.chat.turns.some((turn) => turn.requestId === requestId)) {
      return updateTurn(state, requestId, (turn) => {
        const { stopping: _stopping, ...rest } = turn;
        return { ...rest, status: 'error', error: message };
      });
    }
    if (state.runbooks.requestId === requestId) {
      return { ...state, runbooks: { ...state.runbooks, pending: false, error: message } };
    }
    // A reply to a request this panel no longer tracks (e.g. a superseded search): nothing to show it on.
    return state;
  }
  return { ...state, banner: message };
}

function withTurns(state: PanelState, turns: PanelTurn[]): PanelState {
  return turns === state.chat.turns ? state : { ...state, chat: { ...state.chat, turns } };
}

function upsertTurn(turns: PanelTurn[], turn: PanelTurn): PanelTurn[] {
  const index = turns.findIndex((existing) => existing.requestId === turn.requestId);
  if (index < 0) return [...turns, turn];
  return turns.map((existing, i) => (i === index ? turn : existing));
}

function updateTurn(state: PanelState, requestId: string, update: (turn: PanelTurn) => PanelTurn): PanelState {
  let changed = false;
  const turns = state.chat.turns.map((turn) => {
    if (turn.requestId !== requestId) return turn;
    const next = update(turn);
    if (next !== turn) changed = true;
    return next;
  });
  return changed ? withTurns(state, turns) : state;
}

/** The part worth keeping across a webview reload: the dashboard and tasks are large and the host resends them on `ready`. */
export function toPersistedState(state: PanelState): PanelState {
  const { banner: _banner, ...rest } = state;
  // Tasks come again from the host on `ready`; only what the user chose (filter, selection) is worth keeping.
  const tasks: PanelState['tasks'] = {
    loaded: false,
    items: [],
    filter: state.tasks.filter,
    ...(state.tasks.selectedId !== undefined ? { selectedId: state.tasks.selectedId } : {}),
  };
  return { ...rest, dashboard: {}, runbooks: { ...state.runbooks, pending: false }, tasks };
}

/** Accepts what getState returned if it looks like this version's state; anything else starts fresh. */
export function restorePanelState(saved: unknown): PanelState {
  if (typeof saved !== 'object' || saved === null) return initialPanelState;
  const candidate = saved as Partial<PanelState>;
  if (
    candidate.version !== 1 ||
    typeof candidate.tab !== 'string' ||
    !Array.isArray(candidate.chat?.turns) ||
    typeof candidate.chat?.draft !== 'string' ||
    !Array.isArray(candidate.incidents?.items) ||
    !Array.isArray(candidate.runbooks?.results)
  ) {
    return initialPanelState;
  }
  const restored = { ...initialPanelState, ...(candidate as PanelState), dashboard: {} };
  // State saved before the Tasks section existed, or with a filter from an older shape, starts with no filter.
  const tasks = restored.tasks;
  if (!tasks || !Array.isArray(tasks.items) || typeof tasks.filter !== 'object' || tasks.filter === null) return { ...restored, tasks: initialPanelState.tasks };
  return { ...restored, tasks: { ...tasks, filter: { ...anyTaskFilter, ...tasks.filter } } };
}
