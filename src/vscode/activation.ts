/** Composition root: builds services, registers everything, owns disposal. Does no heavy work. */
import * as vscode from 'vscode';

export function activateOpsCopilot(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Ops Copilot', { log: true });
  context.subscriptions.push(log);
  log.info('[activation] Ops Copilot activated');
}
