/** Registers every command on the extension scope; each runs behind the error boundary. */
import * as vscode from 'vscode';
import type { Disposable } from '../../core/lifecycle';
import { commandIds } from '../contributionIds';
import type { OpsServices } from '../opsServices';
import { analyzeLog } from './analyzeLog';
import { askAboutAnomaly, ignorePattern } from './anomalyActions';
import { generateSampleLogs } from './generateSampleLogs';
import { reportError } from './reportError';
import { revealEvidence } from './revealEvidence';
import { showAnomalies } from './showAnomalies';

export function registerCommands(services: OpsServices): Disposable[] {
  const guarded =
    <A extends unknown[], R>(what: string, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (error) {
        reportError(services.log, what, error);
        return undefined;
      }
    };
  return [
    vscode.commands.registerCommand(commandIds.analyzeLog, guarded('Analyze This Log', (uri?: vscode.Uri, uris?: vscode.Uri[]) => analyzeLog(services, uri, uris))),
    vscode.commands.registerCommand(commandIds.showAnomalies, guarded('Show Anomalies', () => showAnomalies(services))),
    vscode.commands.registerCommand(commandIds.generateSampleLogs, guarded('Generate Sample Logs', () => generateSampleLogs(services))),
    vscode.commands.registerCommand(commandIds.pauseWatching, guarded('Pause Log Watching', () => services.pauseWatching())),
    vscode.commands.registerCommand(commandIds.resumeWatching, guarded('Resume Log Watching', () => services.resumeWatching())),
    vscode.commands.registerCommand(commandIds.askAboutAnomaly, guarded('Ask @ops', (ref) => askAboutAnomaly(services, ref))),
    vscode.commands.registerCommand(commandIds.ignorePattern, guarded('Ignore this pattern', (ref, patterns?: string[]) => ignorePattern(services, ref, patterns))),
    vscode.commands.registerCommand(commandIds.revealEvidence, guarded('Open log line', (file: string, line: number) => revealEvidence(file, line))),
    vscode.commands.registerCommand(commandIds.showLogs, () => services.channel.show(true)),
  ];
}
