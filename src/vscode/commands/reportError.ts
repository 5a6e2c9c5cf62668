/** The boundary for command failures: log with the stack, then one sentence to the user with "Show Logs". */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { commandIds } from '../contributionIds';

export function reportError(log: Logger, what: string, error: unknown): void {
  log.error(error instanceof Error ? error : new Error(String(error)));
  const reason = error instanceof Error ? error.message : String(error);
  void vscode.window.showErrorMessage(`Ops Copilot: ${what} failed: ${reason}`, 'Show Logs').then((choice) => {
    if (choice === 'Show Logs') void vscode.commands.executeCommand(commandIds.showLogs);
  });
}
