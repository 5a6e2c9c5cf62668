import type * as vscode from 'vscode';
import { activateOpsCopilot, type OpsCopilotApi } from './vscode/activation';

export function activate(context: vscode.ExtensionContext): OpsCopilotApi {
  return activateOpsCopilot(context);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by the editor.
}
