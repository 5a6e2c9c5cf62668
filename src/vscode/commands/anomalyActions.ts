/** The quick fixes' commands: "Ask @ops about this anomaly" and "Ignore this pattern". */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly } from '../../core/detection/anomaly';
import { addIgnorePattern, ignoreFileRelativePath, parseIgnoreFile, serializeIgnoreFile } from '../../core/detection/ignoreFile';
import type { OpsServices } from '../opsServices';

/** Command arguments arrive as the anomaly (code actions, tree) or its id (keybindings, tests). */
export function resolveAnomaly(services: OpsServices, ref: Anomaly | string | undefined): Anomaly | undefined {
  if (!ref) return undefined;
  if (typeof ref === 'string') return services.store.find(ref);
  return services.store.find(ref.id) ?? ref;
}

export function chatQueryFor(anomaly: Anomaly): string {
  const line = anomaly.evidence[0]?.line ?? anomaly.firstLine;
  return `@ops /analyze ${anomaly.title} in ${path.basename(anomaly.file)}:${line} (anomaly ${anomaly.id})`;
}

export type AskOutcome = 'chat' | 'panel' | 'report';

export async function askAboutAnomaly(services: OpsServices, ref: Anomaly | string | undefined): Promise<AskOutcome | undefined> {
  const anomaly = resolveAnomaly(services, ref);
  if (!anomaly) return undefined;
  const query = chatQueryFor(anomaly);
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('workbench.action.chat.open')) {
    try {
      // isPartialQuery: prefill, let the user add context and press Enter.
      await vscode.commands.executeCommand('workbench.action.chat.open', { query, isPartialQuery: true });
      return 'chat';
    } catch (error) {
      services.log.info(`[ask] chat unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (commands.includes('opsCopilot.openPanel')) {
    await vscode.commands.executeCommand('opsCopilot.openPanel', { anomalyId: anomaly.id, question: query });
    return 'panel';
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: anomalyMarkdown(anomaly) });
  await vscode.window.showTextDocument(document, { preview: true });
  return 'report';
}

function anomalyMarkdown(anomaly: Anomaly): string {
  const lines = [`# ${anomaly.title}`, '', anomaly.explanation, '', `Type \`${anomaly.type}\`, ${anomaly.file} lines ${anomaly.firstLine}–${anomaly.lastLine}.`, '', '```text'];
  for (const evidence of anomaly.evidence) lines.push(`${evidence.line}: ${evidence.text.split('\n', 1)[0]}`);
  lines.push('```', '');
  return lines.join('\n');
}

/**
 * Persists the anomaly's template(s) in `.ops/ignore.json` of its workspace folder and applies them at once.
 * `patterns` skips the choice when an anomaly spans several templates (tests, keybindings).
 */
export async function ignorePattern(
  services: OpsServices,
  ref: Anomaly | string | undefined,
  patterns?: string[],
): Promise<string[] | undefined> {
  const anomaly = resolveAnomaly(services, ref);
  if (!anomaly) return undefined;
  const watcher = services.watcher();
  const analysis = watcher?.analysisOf(anomaly.file);
  let chosen = patterns;
  if (!chosen) {
    const texts = [...new Set(anomaly.templateIds.map((id) => analysis?.templateText(id) || id))];
    if (texts.length === 0) {
      void vscode.window.showInformationMessage('Ops Copilot: this anomaly has no message pattern to ignore.');
      return undefined;
    }
    if (texts.length === 1) chosen = texts;
    else {
      const picks = await vscode.window.showQuickPick(
        texts.map((text) => ({ label: text, picked: true })),
        { canPickMany: true, title: 'Ignore which patterns?' },
      );
      chosen = picks?.map((pick) => pick.label);
    }
  }
  if (!chosen || chosen.length === 0) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(anomaly.file)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Ops Copilot: patterns are saved in a workspace folder; open one first.');
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, ignoreFileRelativePath);
  let existing;
  try {
    const parsed = parseIgnoreFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    if (!parsed.ok) throw new Error(`${uri.fsPath} is not valid (${parsed.error}); fix or delete it first`);
    existing = parsed.file;
  } catch (error) {
    if (!(error instanceof vscode.FileSystemError) && !(error instanceof Error && /ENOENT|FileNotFound/.test(`${(error as { code?: string }).code} ${error.message}`))) {
      throw error;
    }
  }
  let file = existing;
  for (const pattern of chosen) file = addIgnorePattern(file, pattern);
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.ops'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(serializeIgnoreFile(file!)));
  for (const pattern of chosen) watcher?.applyIgnore(folder.uri.fsPath, pattern);
  services.log.info(`[ignore] ${chosen.length} pattern(s) added to ${uri.fsPath}`);
  return chosen;
}
