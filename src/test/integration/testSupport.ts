/** Helpers shared by the integration tests: the extension's API, paths into the per-run workspace copy, waiting. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OpsCopilotApi } from '../../vscode/activation';

export const extensionId = 'ops-copilot.ops-copilot';

export async function activeApi(): Promise<OpsCopilotApi> {
  const extension = vscode.extensions.getExtension<OpsCopilotApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in the extension host`);
  const api = await extension.activate();
  await api.whenWatching();
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

export function workspacePath(...segments: string[]): string {
  return path.join(workspaceRoot().fsPath, ...segments);
}

export function lineCount(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function opsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ops');
}

/** ISO stamps after the fixture's own history (it ends before 10:10), `minutes` after 10:30. */
export function stampAfterFixture(minutes: number, seconds = 0): string {
  return new Date(Date.UTC(2026, 10, 21, 10, 30 + minutes, seconds)).toISOString();
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with the elapsed ms when the predicate holds on a diagnostics change for `uri` (or already holds). */
export function diagnosticsSettle(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (!predicate(opsDiagnostics(uri))) return false;
      cleanup();
      resolve(performance.now() - started);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`diagnostics of ${uri.fsPath} did not settle within ${timeoutMs} ms; now: ${JSON.stringify(opsDiagnostics(uri).map((d) => [d.range.start.line + 1, d.message]))}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** What Output → Ops Copilot shows so far: the log channel's file under the extension's log folder ('' before it exists). */
export function opsLogText(api: OpsCopilotApi): string {
  const dir = api.services.context.logUri.fsPath;
  const name = fs.existsSync(dir) ? fs.readdirSync(dir).find((entry) => /Ops Copilot\.log$/.test(entry)) : undefined;
  return name ? fs.readFileSync(path.join(dir, name), 'utf8') : '';
}
