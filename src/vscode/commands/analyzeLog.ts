/**
 * "Ops: Analyze This Log": the selection if there is one, else the whole file (read from disk in slices, so files
 * the editor will not open work too), several files from the explorer at once, with cancellable progress. The report
 * opens as a markdown preview until the panel exists.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly } from '../../core/detection/anomaly';
import { renderAnalysisReport } from '../../core/detection/analysisReport';
import type { OpsServices } from '../opsServices';
import { analyzeDocumentOrFile } from './analyzeTarget';

export interface AnalyzeLogResult {
  uri: vscode.Uri;
  anomalies: Anomaly[];
  report: vscode.TextDocument;
}

export async function analyzeLog(services: OpsServices, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<AnalyzeLogResult[]> {
  const targets = uris && uris.length > 0 ? uris : uri ? [uri] : vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Ops Copilot: open a log file or select one in the explorer to analyze it.');
    return [];
  }
  const settings = services.settings.settings;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ops Copilot: analyzing', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      const results: AnalyzeLogResult[] = [];
      try {
        for (const target of targets) {
          if (controller.signal.aborted) break;
          progress.report({ message: path.basename(target.fsPath) });
          const started = performance.now();
          const editor = vscode.window.activeTextEditor;
          const selection = targets.length === 1 && editor?.document.uri.toString() === target.toString() && !editor.selection.isEmpty ? editor.selection : undefined;
          const { analysis, label: title, startLine } = await analyzeDocumentOrFile(
            target,
            selection ? new vscode.Range(selection.start, selection.end) : undefined,
            settings,
            controller.signal,
          );
          if (controller.signal.aborted) break;
          const anomalies = analysis.anomalies();
          const timeRange = analysis.timeRange;
          const markdown = renderAnalysisReport(
            {
              title,
              lines: analysis.lines - startLine + 1,
              records: analysis.records,
              anomalies,
              templates: analysis.templates(15),
              timeline: analysis.timeline(),
              timed: timeRange.first !== undefined,
              elapsedMs: performance.now() - started,
            },
            (line) => target.with({ fragment: `L${line}` }).toString(),
          );
          const analysedMs = performance.now() - started;
          const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
          await showReport(report);
          services.log.info(
            `[analyze] ${target.fsPath}: ${anomalies.length} anomalies, analysed in ${Math.round(analysedMs)} ms, report shown after ${Math.round(performance.now() - started)} ms`,
          );
          results.push({ uri: target, anomalies, report });
        }
      } finally {
        cancel.dispose();
      }
      return results;
    },
  );
}

async function showReport(report: vscode.TextDocument): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes('markdown.showPreview')) {
    // No markdown extension (stripped-down builds): the source is readable too.
    await vscode.window.showTextDocument(report, { preview: true });
    return;
  }
  // Not awaited: the preview's webview can take seconds to load on a busy machine; the report is ready already.
  void vscode.commands.executeCommand('markdown.showPreview', report.uri).then(undefined, () => vscode.window.showTextDocument(report, { preview: true }));
}
