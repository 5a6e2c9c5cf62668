/** What commands, code actions and views receive from the composition root (activation.ts). */
import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { AnomalyStore } from './anomalyStore';
import type { AnomalyDiagnostics } from './diagnostics/anomalyDiagnostics';
import type { SettingsReader } from './settingsReader';
import type { WorkspaceLogWatcher } from './watchers/workspaceLogWatcher';

export interface OpsServices {
  context: vscode.ExtensionContext;
  log: Logger;
  channel: vscode.LogOutputChannel;
  settings: SettingsReader;
  store: AnomalyStore;
  diagnostics: AnomalyDiagnostics;
  /** The live watch scope, undefined while paused or before the first start. */
  watcher(): WorkspaceLogWatcher | undefined;
  isPaused(): boolean;
  pauseWatching(): void;
  resumeWatching(): Promise<void>;
}
