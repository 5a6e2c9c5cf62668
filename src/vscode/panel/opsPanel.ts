/** The Ops Copilot webview panel: one instance, CSP with a nonce, restored after reload by a serializer. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { PanelTab } from '../../shared/webviewProtocol';
import { ChatHistory } from './chatHistory';
import type { PanelBackend } from './panelBackend';
import { renderPanelHtml } from './panelHtml';
import { PanelSession, type PanelFocus, type PanelReport } from './panelSession';

// TODO: move these two ids into src/vscode/contributionIds.ts once it exists, with the package.json sync test.
export const opsPanelViewType = 'opsCopilot.panel';
export const openPanelCommandId = 'opsCopilot.openPanel';

interface PanelDeps {
  extensionUri: vscode.Uri;
  backend: PanelBackend;
  history: ChatHistory;
  log: Logger;
}

export class OpsPanel implements vscode.Disposable {
  private static current: OpsPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly session: PanelSession;

  /** Reveals the panel, creating it if needed, and optionally brings a tab, incident or question to the front. */
  static show(deps: PanelDeps, focus?: PanelFocus): OpsPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let panel = OpsPanel.current;
    if (panel) {
      panel.panel.reveal(column);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        opsPanelViewType,
        'Ops Copilot',
        column,
        OpsPanel.webviewOptions(deps.extensionUri),
      );
      panel = new OpsPanel(webviewPanel, deps);
    }
    if (focus) panel.session.focus(focus);
    return panel;
  }

  static revive(webviewPanel: vscode.WebviewPanel, deps: PanelDeps): OpsPanel {
    OpsPanel.current?.dispose();
    return new OpsPanel(webviewPanel, deps);
  }

  static get instance(): OpsPanel | undefined {
    return OpsPanel.current;
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // The panel keeps its state with getState/setState, so the webview may be discarded while hidden.
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    OpsPanel.current = this;
    const webview = panel.webview;
    // A revived panel keeps the options it was serialized with; set ours again in case they changed between versions.
    webview.options = OpsPanel.webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'panelIcon.svg');
    this.session = new PanelSession({
      backend: deps.backend,
      history: deps.history,
      log: deps.log,
      post: (message) => webview.postMessage(message),
    });
    webview.html = this.html(webview);
    webview.onDidReceiveMessage((raw: unknown) => void this.session.receive(raw), this, this.disposables);
    panel.onDidChangeViewState(
      () => {
        // Without retainContextWhenHidden a hidden webview loses its document; it says `ready` again when shown.
        if (!panel.visible) this.session.markNotReady();
      },
      this,
      this.disposables,
    );
    panel.onDidDispose(() => this.dispose(), this, this.disposables);
  }

  refresh(topic: 'incidents' | 'dashboard' | 'tasks'): void {
    this.session.schedulePush(topic);
  }

  status(): OpsPanelStatus {
    return { open: true, ready: this.session.isReady, delivered: { ...this.session.delivered } };
  }

  showReport(report: PanelReport): void {
    this.session.showReport(report);
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (OpsPanel.current === this) OpsPanel.current = undefined;
    this.session.dispose();
    // Disposing the panel fires onDidDispose again; the listeners are removed below, so it ends here.
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.panel.dispose();
  }

  private html(webview: vscode.Webview): string {
    const asset = (...segments: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...segments)).toString();
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asset('dist', 'webview.js'),
      styleUris: [asset('dist', 'webview.css'), asset('media', 'panel.css')],
    });
  }
}

export interface OpsPanelStatus {
  open: boolean;
  /** The webview loaded its script under the CSP and said `ready`. */
  ready: boolean;
  /** Messages the webview accepted, by type. */
  delivered: Partial<Record<string, number>>;
}

export interface OpsPanelController extends vscode.Disposable {
  status(): OpsPanelStatus;
  show(focus?: PanelFocus): void;
  /** Opens the panel with an "Analyze This Log" report at the end of the chat. */
  showReport(report: PanelReport): void;
  /** Tell an open panel that incidents or the dashboard changed (when the backend has no onDidChange). */
  refresh(topic: 'incidents' | 'dashboard' | 'tasks'): void;
}

/**
 * The panel without its registrations. The copilot bundle owns it (and registers "Ops: Open Panel"); activation
 * registers the serializer, which must exist before the bundle loads, and hands restored panels to `revive`.
 */
export interface OpsPanelHost extends OpsPanelController {
  /** "Ops: Open Panel": arguments come from other commands, chat buttons and keybindings (a tab or a PanelFocus). */
  open(argument?: unknown): void;
  /** Restores the panel after a reload. */
  revive(webviewPanel: vscode.WebviewPanel): void;
}

export function createOpsPanelHost(context: vscode.ExtensionContext, backend: PanelBackend, log: Logger): OpsPanelHost {
  const deps: PanelDeps = {
    extensionUri: context.extensionUri,
    backend,
    history: new ChatHistory(context.workspaceState, log),
    log,
  };
  return {
    open: (argument) => void OpsPanel.show(deps, toPanelFocus(argument)),
    revive: (webviewPanel) => void OpsPanel.revive(webviewPanel, deps),
    show: (focus) => void OpsPanel.show(deps, focus),
    showReport: (report) => OpsPanel.show(deps).showReport(report),
    refresh: (topic) => OpsPanel.instance?.refresh(topic),
    status: () => OpsPanel.instance?.status() ?? { open: false, ready: false, delivered: {} },
    dispose: () => OpsPanel.instance?.dispose(),
  };
}

function isPanelTab(value: unknown): value is PanelTab {
  return value === 'chat' || value === 'incidents' || value === 'tasks' || value === 'runbooks' || value === 'dashboard';
}

function toPanelFocus(argument: unknown): PanelFocus | undefined {
  if (isPanelTab(argument)) return { tab: argument };
  if (typeof argument !== 'object' || argument === null) return undefined;
  const raw = argument as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' && raw[key] ? (raw[key] as string) : undefined);
  const focus: PanelFocus = {
    ...(isPanelTab(raw.tab) ? { tab: raw.tab } : {}),
    ...(text('incidentId') ? { incidentId: text('incidentId') } : {}),
    ...(text('anomalyId') ? { anomalyId: text('anomalyId') } : {}),
    ...(text('taskId') ? { taskId: text('taskId') } : {}),
    ...(text('question') ? { question: text('question') } : {}),
  };
  return Object.keys(focus).length > 0 ? focus : undefined;
}
