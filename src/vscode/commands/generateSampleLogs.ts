/** "Ops: Generate Sample Logs": a demo log with injected anomalies in the workspace, so a new user sees it work. */
import * as vscode from 'vscode';
import { generateLog } from '../../core/synthetic/logGenerator';
import type { OpsServices } from '../opsServices';

export async function generateSampleLogs(services: OpsServices): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Ops Copilot: open a folder first; the sample log is written into it.');
    return undefined;
  }
  // Two simulated hours at a realistic rate: enough healthy windows for baselines and several injected incidents.
  const { text, labels } = generateLog({ lines: 12_000, seed: Date.now() % 100_000, format: 'plain', linesPerSecond: 2, warmupSeconds: 1800, gapSeconds: 900 });
  const uri = vscode.Uri.joinPath(folder.uri, 'logs', 'ops-copilot-sample.log');
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, 'logs'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  services.log.info(`[sample] wrote ${uri.fsPath}: ${labels.lines} lines, ${labels.anomalies.length} injected anomalies`);
  await vscode.window.showTextDocument(uri, { preview: false });
  void vscode.window.showInformationMessage(
    `Ops Copilot: wrote a sample log with ${labels.anomalies.length} injected incidents (${[...new Set(labels.anomalies.map((a) => a.type))].join(', ')}). Anomalies appear in the Problems panel.`,
  );
  return uri;
}
