/** Opens a cited runbook or log line in an editor, only inside the workspace or the extension's bundled runbooks. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourceLocation } from '../../shared/webviewProtocol';

export async function openLocationInEditor(location: SourceLocation, extraRoots: readonly vscode.Uri[] = []): Promise<void> {
  const uri = resolveLocation(location.file);
  const roots = [...(vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri), ...extraRoots];
  // The webview renders untrusted log text; even if that ever escaped sanitising, it must not open arbitrary files.
  if (!roots.some((root) => isInside(root, uri))) {
    throw new Error(`${location.file} is outside the workspace`);
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const line = Math.min(Math.max(location.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const range = new vscode.Range(line, 0, line, 0);
  await vscode.window.showTextDocument(document, {
    selection: range,
    preview: true,
    viewColumn: vscode.ViewColumn.One,
  });
}

function resolveLocation(file: string): vscode.Uri {
  if (path.isAbsolute(file)) return vscode.Uri.file(file);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return vscode.Uri.file(path.resolve(file));
  return vscode.Uri.joinPath(folder.uri, file);
}

function isInside(root: vscode.Uri, uri: vscode.Uri): boolean {
  if (root.scheme !== uri.scheme || root.authority !== uri.authority) return false;
  const relative = path.posix.relative(root.path, uri.path);
  return relative === '' || (!relative.startsWith('..') && !path.posix.isAbsolute(relative));
}
