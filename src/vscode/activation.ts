/**
 * Composition root: builds services, registers everything, owns disposal. Two scopes, each a DisposableStore disposed
 * in reverse: the extension scope (context.subscriptions) and the watch scope (watchers + per-file engine state),
 * rebuilt when the log globs or detection settings change, on Pause/Resume, and when workspace folders change.
 * Nothing here awaits I/O: watching starts after activate() returns.
 */
import * as vscode from 'vscode';
import { DisposableStore, toDisposable } from '../core/lifecycle';
import type { SettingKey } from '../core/settings';
import { AnomalyStore } from './anomalyStore';
import { registerAlerts } from './alerts/registerAlerts';
import { registerCommands } from './commands/registerCommands';
import { maybeShowFirstRun } from './onboarding';
import { reportError } from './commands/reportError';
import { contextKeys, outputChannelName, viewIds } from './contributionIds';
import { registerCopilotSurfaces, type CopilotFeatures } from './copilotSurfaces';
import { AnomalyCodeActionProvider } from './diagnostics/anomalyCodeActions';
import { AnomalyDiagnostics } from './diagnostics/anomalyDiagnostics';
import { createChannelLogger } from './logging';
import type { OpsServices } from './opsServices';
import { SettingsReader } from './settingsReader';
import { AnomaliesTreeProvider } from './views/anomaliesTree';
import { AnomalyStatusBar } from './views/anomalyStatusBar';
import { WorkspaceLogWatcher } from './watchers/workspaceLogWatcher';

/** Returned from activate(): what later features and the integration tests may use. */
export interface OpsCopilotApi {
  readonly services: OpsServices;
  /** The copilot's editor side: its surfaces, recent @ops answers, and its bundle (loaded on first use). */
  readonly copilot: CopilotFeatures;
  /** Milliseconds spent inside activate(). */
  readonly activationMs: number;
  /** Milliseconds from the first line of dist/extension.js to the end of its module evaluation (undefined unbundled). */
  readonly bundleEvaluationMs?: number;
  /**
   * CPU milliseconds (user + system, this process) of the module evaluation and of activate(). Both run synchronously
   * on the extension host's thread, so on a busy machine these say what activation costs when wall time cannot.
   */
  readonly cpuMs: { bundleEvaluation?: number; activation: number };
  /** Resolves when the current watch scope finished its initial walk (files may still be read in the background). */
  whenWatching(): Promise<void>;
}

/** Settings whose change rebuilds the watch scope; the rest is read live. */
const watchScopeKeys: readonly SettingKey[] = ['logs.include', 'logs.exclude', 'logs.extraPaths', 'logs.maxFiles', 'detection.windowSeconds', 'detection.windowLines'];

export function activateOpsCopilot(context: vscode.ExtensionContext, bundleEvaluation?: { ms: number; cpu: NodeJS.CpuUsage }): OpsCopilotApi {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const channel = vscode.window.createOutputChannel(outputChannelName, { log: true });
  context.subscriptions.push(channel);
  const log = createChannelLogger(channel);
  try {
    const extensionScope = new DisposableStore();
    context.subscriptions.push(extensionScope);
    const settings = extensionScope.add(new SettingsReader(log));
    const store = extensionScope.add(new AnomalyStore());
    const diagnostics = extensionScope.add(new AnomalyDiagnostics(store, settings.settings['diagnostics.minSeverity']));
    const statusBar = extensionScope.add(new AnomalyStatusBar(store));

    let watchScope: DisposableStore | undefined;
    let watcher: WorkspaceLogWatcher | undefined;
    let watching: Promise<void> = Promise.resolve();
    let paused = false;
    let skippedWarned = false;

    const stopWatching = (): void => {
      watcher = undefined;
      watchScope?.dispose();
      watchScope = undefined;
    };
    const startWatching = (reason: string): Promise<void> => {
      stopWatching();
      const scope = new DisposableStore();
      watchScope = scope;
      const current = scope.add(
        new WorkspaceLogWatcher({
          settings: settings.settings,
          store,
          log,
          onScanProgress: (progress) => statusBar.setScanProgress(progress),
          onSkipped: (skipped) => {
            if (skippedWarned) return;
            skippedWarned = true;
            void vscode.window.showWarningMessage(
              `Ops Copilot: watching the first ${settings.settings['logs.maxFiles']} log files only; ${skipped.length} more skipped (opsCopilot.logs.maxFiles). See the Ops Copilot log for the list.`,
            );
          },
        }),
      );
      watcher = current;
      log.info(`[activation] watching logs (${reason})`);
      const started = performance.now();
      watching = current.start().then(
        () => {
          if (watcher === current) log.info(`[watcher] ready in ${Math.round(performance.now() - started)} ms: ${current.files.length} file(s)`);
        },
        (error: unknown) => reportError(log, 'Watching logs', error),
      );
      return watching;
    };
    extensionScope.add(toDisposable(stopWatching));

    const services: OpsServices = {
      context,
      log,
      channel,
      settings,
      store,
      diagnostics,
      watcher: () => watcher,
      isPaused: () => paused,
      pauseWatching: () => {
        if (paused) return;
        paused = true;
        stopWatching();
        statusBar.setPaused(true);
        void vscode.commands.executeCommand('setContext', contextKeys.watchingPaused, true);
        log.info('[activation] log watching paused');
      },
      resumeWatching: async () => {
        if (!paused) return;
        paused = false;
        statusBar.setPaused(false);
        void vscode.commands.executeCommand('setContext', contextKeys.watchingPaused, false);
        await startWatching('resumed');
      },
    };

    for (const disposable of registerCommands(services)) extensionScope.add(disposable);
    extensionScope.add(
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new AnomalyCodeActionProvider(diagnostics), {
        providedCodeActionKinds: AnomalyCodeActionProvider.providedCodeActionKinds,
      }),
    );
    const tree = extensionScope.add(new AnomaliesTreeProvider(store));
    extensionScope.add(vscode.window.createTreeView(viewIds.anomalies, { treeDataProvider: tree, showCollapseAll: true }));
    // The copilot (chat, tools, model picker, panel, runbooks) is registered here; its bundle loads on first use.
    const copilotStarted = performance.now();
    const { features: copilot, lazy } = registerCopilotSurfaces(context, services);
    extensionScope.add(registerAlerts(services, () => watching));
    // Shown once, and only to a workspace that has logs; the search runs after activation.
    void maybeShowFirstRun(context, async () => (await vscode.workspace.findFiles('**/*.log', '**/node_modules/**', 1)).length > 0);
    const copilotMs = performance.now() - copilotStarted;

    extensionScope.add(
      settings.onDidChange(({ settings: next, changedKeys }) => {
        diagnostics.setMinSeverity(next['diagnostics.minSeverity']);
        if (!paused && watchScopeKeys.some((key) => changedKeys.has(key))) {
          skippedWarned = false;
          void startWatching('settings changed');
        }
      }),
    );
    extensionScope.add(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (!paused) void startWatching('workspace folders changed');
      }),
    );
    // Regular expressions in .ops/ignore.json are honoured only once the workspace is trusted.
    extensionScope.add(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (!paused) void startWatching('workspace trusted');
      }),
    );
    void vscode.commands.executeCommand('setContext', contextKeys.watchingPaused, false);
    // Last, once activation's own commands exist: every other contributed command belongs to the copilot bundle.
    lazy.registerPlaceholders(contributedCommands(context));

    // After activate() returns: the first walk and reads never delay the editor's startup.
    const startTimer = setTimeout(() => void startWatching('startup'), 0);
    extensionScope.add(toDisposable(() => clearTimeout(startTimer)));
    const firstStartTick = new Promise<void>((resolve) => setTimeout(resolve, 0));

    const activationMs = performance.now() - started;
    const cpuMs = { bundleEvaluation: bundleEvaluation && totalCpuMs(bundleEvaluation.cpu), activation: totalCpuMs(process.cpuUsage(startedCpu)) };
    const bundleEvaluationMs = bundleEvaluation?.ms;
    log.info(
      `[activation] activated in ${activationMs.toFixed(1)} ms, of which copilot registration ${copilotMs.toFixed(1)} ms${
        bundleEvaluationMs === undefined ? '' : `; bundle evaluated in ${bundleEvaluationMs.toFixed(1)} ms`
      }; CPU ${cpuMs.activation.toFixed(1)} ms${cpuMs.bundleEvaluation === undefined ? '' : ` + ${cpuMs.bundleEvaluation.toFixed(1)} ms evaluating`} (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: limited mode'})`,
    );
    return {
      services,
      copilot,
      activationMs,
      bundleEvaluationMs,
      cpuMs,
      whenWatching: async () => {
        await firstStartTick;
        await watching;
      },
    };
  } catch (error) {
    // VS Code does not tell the user when activation throws; say it ourselves.
    log.error(error instanceof Error ? error : new Error(String(error)));
    void vscode.window.showErrorMessage(`Ops Copilot failed to start: ${error instanceof Error ? error.message : String(error)}`, 'Show Logs').then((choice) => {
      if (choice === 'Show Logs') channel.show(true);
    });
    throw error;
  }
}

/** The command ids package.json contributes. */
function contributedCommands(context: vscode.ExtensionContext): string[] {
  const commands: unknown = (context.extension.packageJSON as { contributes?: { commands?: unknown } }).contributes?.commands;
  if (!Array.isArray(commands)) return [];
  return commands.map((entry: { command?: unknown }) => entry?.command).filter((id): id is string => typeof id === 'string');
}

function totalCpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}
