import type * as vscode from 'vscode';
import { activateOpsCopilot, type OpsCopilotApi } from './vscode/activation';

// Set by the first line of dist/extension.js (an esbuild banner): evaluating the bundle is part of activation's cost.
declare const opsCopilotBundleStart: number | undefined;
const bundleEvaluationMs = typeof opsCopilotBundleStart === 'number' ? performance.now() - opsCopilotBundleStart : undefined;

export function activate(context: vscode.ExtensionContext): OpsCopilotApi {
  return activateOpsCopilot(context, bundleEvaluationMs);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by the editor.
}
