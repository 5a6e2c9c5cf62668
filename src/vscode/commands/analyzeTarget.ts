/**
 * One-shot analysis of a log for "Analyze This Log" and `@ops /analyze`: a selection (from the document), a file on
 * disk (streamed by the tailer, never read whole: the editor does not even open files over 50 MB), or an unsaved
 * document. Returns the engine's state plus the digest the copilot reasons over.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LogDigest } from '../../core/analysis/analyzeLogs';
import { FileAnalysis } from '../../core/detection/fileAnalysis';
import { FileTailer, nodeTailFileSystem } from '../../core/logs/fileTailer';
import type { Settings } from '../../core/settings';

export interface AnalyzedTarget {
  uri: vscode.Uri;
  /** "app.log" or "lines 10–40 of app.log". */
  label: string;
  analysis: FileAnalysis;
  /** Line number of the first analysed line. */
  startLine: number;
  digest: LogDigest;
}

/** Lines quoted when there are no anomalies to show: enough to read, few enough for a prompt. */
const excerptLines = 40;

export async function analyzeDocumentOrFile(
  target: vscode.Uri,
  range: vscode.Range | undefined,
  settings: Settings,
  signal?: AbortSignal,
): Promise<AnalyzedTarget> {
  const startLine = range ? range.start.line + 1 : 1;
  const analysis = new FileAnalysis({
    file: target.scheme === 'file' ? target.fsPath : target.toString(),
    windowSeconds: settings['detection.windowSeconds'],
    windowLines: settings['detection.windowLines'],
    startLine,
  });
  let label = path.basename(target.fsPath);
  let excerpt: string[] = [];
  if (range) {
    const document = await vscode.workspace.openTextDocument(target);
    const text = document.getText(new vscode.Range(range.start.line, 0, range.end.line, Number.MAX_SAFE_INTEGER));
    analysis.data(Buffer.from(text), 0);
    excerpt = text.split(/\r?\n/).slice(0, excerptLines);
    label = `lines ${range.start.line + 1}–${range.end.line + 1} of ${label}`;
  } else if (target.scheme === 'file') {
    const tailer = new FileTailer(target.fsPath, nodeTailFileSystem, analysis, { sliceBytes: 1024 * 1024 });
    const outcome = await tailer.poll(signal);
    if (outcome === 'missing') throw new Error(`${target.fsPath} does not exist`);
  } else {
    const document = await vscode.workspace.openTextDocument(target);
    const text = document.getText();
    analysis.data(Buffer.from(text), 0);
    excerpt = text.split(/\r?\n/, excerptLines);
  }
  analysis.end();
  if (analysis.isBinary) throw new Error(`${target.fsPath} looks like a binary file, not a text log`);
  const digest: LogDigest = {
    source: label,
    lineCount: analysis.lines - startLine + 1,
    templates: analysis.templates(15),
    anomalies: analysis.anomalies(),
    excerpt: excerpt.length > 0 ? excerpt : undefined,
  };
  return { uri: target, label, analysis, startLine, digest };
}
