import type * as vscode from 'vscode';
import { activateOpsCopilot, type OpsCopilotApi } from './vscode/activation';

// Set by the first line of dist/extension.js (an esbuild banner): evaluating the bundle is part of activation's cost.
declare const opsCopilotBundleStart: number | undefined;
declare const opsCopilotBundleStartCpu: NodeJS.CpuUsage | undefined;
const bundleEvaluation =
  typeof opsCopilotBundleStart === 'number' && typeof opsCopilotBundleStartCpu === 'object'
    ? { ms: performance.now() - opsCopilotBundleStart, cpu: process.cpuUsage(opsCopilotBundleStartCpu) }
    : undefined;

export function activate(context: vscode.ExtensionContext): OpsCopilotApi {
  return activateOpsCopilot(context, bundleEvaluation);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by the editor.
}
