/** Quick fixes on our diagnostics: "Ask @ops about this anomaly" and "Ignore this pattern". */
import * as vscode from 'vscode';
import { commandIds, diagnosticSource } from '../contributionIds';
import type { AnomalyDiagnostics } from './anomalyDiagnostics';

export class AnomalyCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: AnomalyDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const anomaly = this.diagnostics.anomalyFor(document.uri, diagnostic);
      if (!anomaly) continue;
      const ask = new vscode.CodeAction('Ask @ops about this anomaly', vscode.CodeActionKind.QuickFix);
      ask.diagnostics = [diagnostic];
      ask.isPreferred = true;
      ask.command = { title: ask.title, command: commandIds.askAboutAnomaly, arguments: [anomaly] };
      const ignore = new vscode.CodeAction('Ignore this pattern', vscode.CodeActionKind.QuickFix);
      ignore.diagnostics = [diagnostic];
      ignore.command = { title: ignore.title, command: commandIds.ignorePattern, arguments: [anomaly] };
      actions.push(ask, ignore);
    }
    return actions;
  }
}
