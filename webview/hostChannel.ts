/** The panel's only door to the extension host: typed postMessage, message subscription and persisted state. */
import type { HostToPanel, PanelToHost } from '../src/shared/webviewProtocol';
import type { PanelState } from './state';

export interface HostChannel {
  post(message: PanelToHost): void;
  /** Delivers host messages whose `type` is one the panel knows; anything else is ignored. */
  onMessage(listener: (message: HostToPanel) => void): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

// Typed as a record over the union so adding a host message without listing it here fails to compile.
const knownHostTypes: Record<HostToPanel['type'], true> = {
  history: true,
  turn: true,
  answerChunk: true,
  answerDone: true,
  error: true,
  incidents: true,
  dashboard: true,
  runbookResults: true,
  stepStatus: true,
  focus: true,
  tasks: true,
  task: true,
};

export function isHostMessage(data: unknown): data is HostToPanel {
  if (typeof data !== 'object' || data === null) return false;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(knownHostTypes, type);
}

export function connectToHost(): HostChannel {
  // acquireVsCodeApi may be called once per document; this module is the one caller.
  const api = acquireVsCodeApi<PanelState>();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (listener) => {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isHostMessage(event.data)) listener(event.data);
      });
    },
    getState: () => api.getState(),
    setState: (state) => {
      api.setState(state);
    },
  };
}
