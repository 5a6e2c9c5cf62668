/** Anomaly → vscode.Diagnostic in one DiagnosticCollection ("ops"), filtered by opsCopilot.diagnostics.minSeverity. */
import * as vscode from 'vscode';
import type { Anomaly, AnomalySeverity, EvidenceLine } from '../../core/detection/anomaly';
import type { Disposable } from '../../core/lifecycle';
import type { AnomalyStore } from '../anomalyStore';
import { diagnosticCollectionName, diagnosticSource } from '../contributionIds';

const severityRank: Record<AnomalySeverity, number> = { error: 0, warning: 1, info: 2 };
const maxRelated = 5;

export function toDiagnosticSeverity(severity: AnomalySeverity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
  }
}

/** The evidence line as a range covering its text (only the first physical line of a multi-line record). */
export function evidenceRange(evidence: EvidenceLine): vscode.Range {
  const line = Math.max(0, evidence.line - 1);
  const newline = evidence.text.indexOf('\n');
  const length = newline < 0 ? evidence.text.length : newline;
  return new vscode.Range(line, 0, line, length);
}

export function primaryEvidence(anomaly: Anomaly): EvidenceLine {
  return anomaly.evidence[0] ?? { line: anomaly.firstLine, text: '' };
}

export function toDiagnostic(anomaly: Anomaly, uri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    evidenceRange(primaryEvidence(anomaly)),
    `${anomaly.title}: ${anomaly.explanation}`,
    toDiagnosticSeverity(anomaly.severity),
  );
  diagnostic.source = diagnosticSource;
  diagnostic.code = anomaly.type;
  diagnostic.relatedInformation = anomaly.evidence.slice(1, 1 + maxRelated).map(
    (evidence) =>
      new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, evidenceRange(evidence)), truncate(evidence.text, 200)),
  );
  return diagnostic;
}

function truncate(text: string, max: number): string {
  const firstLine = text.split('\n', 1)[0] ?? '';
  return firstLine.length > max ? `${firstLine.slice(0, max - 1)}…` : firstLine;
}

/** Keeps the collection equal to the store: a file's set is replaced whole, so a grown anomaly updates in place. */
export class AnomalyDiagnostics implements Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticCollectionName);
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: AnomalyStore,
    private minSeverity: AnomalySeverity,
  ) {
    this.subscription = store.onDidChange((change) => {
      for (const file of change.files) this.render(file);
    });
  }

  setMinSeverity(minSeverity: AnomalySeverity): void {
    if (minSeverity === this.minSeverity) return;
    this.minSeverity = minSeverity;
    this.collection.clear();
    for (const file of this.store.files()) this.render(file);
  }

  /** The anomaly behind one of our diagnostics (code actions get copies, so match on line and message). */
  anomalyFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Anomaly | undefined {
    return this.store
      .get(uri.fsPath)
      .find(
        (anomaly) =>
          primaryEvidence(anomaly).line - 1 === diagnostic.range.start.line &&
          diagnostic.message === `${anomaly.title}: ${anomaly.explanation}`,
      );
  }

  private render(file: string): void {
    const uri = vscode.Uri.file(file);
    const shown = this.store.get(file).filter((anomaly) => severityRank[anomaly.severity] <= severityRank[this.minSeverity]);
    if (shown.length === 0) this.collection.delete(uri);
    else this.collection.set(uri, shown.map((anomaly) => toDiagnostic(anomaly, uri)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
