/**
 * The anomalies currently shown, per file: filled by the watch scope, read by diagnostics, the status bar, the tree,
 * Show Anomalies and the code actions. Later features (chat, panel) read it too.
 */
import * as vscode from 'vscode';
import type { Anomaly } from '../core/detection/anomaly';

export interface AnomalyStoreChange {
  /** Files whose anomalies changed (set or cleared). */
  files: readonly string[];
}

const severityRank = { error: 0, warning: 1, info: 2 } as const;

export class AnomalyStore implements vscode.Disposable {
  private readonly byFile = new Map<string, readonly Anomaly[]>();
  private readonly changeEmitter = new vscode.EventEmitter<AnomalyStoreChange>();
  readonly onDidChange = this.changeEmitter.event;

  set(file: string, anomalies: readonly Anomaly[]): void {
    const previous = this.byFile.get(file);
    if (anomalies.length === 0) {
      if (!previous) return;
      this.byFile.delete(file);
    } else {
      if (previous && sameAnomalies(previous, anomalies)) return;
      this.byFile.set(file, [...anomalies].sort(compareAnomalies));
    }
    this.changeEmitter.fire({ files: [file] });
  }

  clear(file: string): void {
    this.set(file, []);
  }

  clearAll(): void {
    const files = [...this.byFile.keys()];
    this.byFile.clear();
    if (files.length > 0) this.changeEmitter.fire({ files });
  }

  get(file: string): readonly Anomaly[] {
    return this.byFile.get(file) ?? [];
  }

  files(): string[] {
    return [...this.byFile.keys()].sort();
  }

  all(): Anomaly[] {
    return [...this.byFile.values()].flat().sort(compareAnomalies);
  }

  find(id: string): Anomaly | undefined {
    for (const anomalies of this.byFile.values()) {
      const found = anomalies.find((anomaly) => anomaly.id === id);
      if (found) return found;
    }
    return undefined;
  }

  get count(): number {
    let count = 0;
    for (const anomalies of this.byFile.values()) count += anomalies.length;
    return count;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

export function compareAnomalies(a: Anomaly, b: Anomaly): number {
  return severityRank[a.severity] - severityRank[b.severity] || a.file.localeCompare(b.file) || a.firstLine - b.firstLine;
}

/** Cheap change test: anomalies are immutable snapshots per id only while they neither grow nor change figures. */
function sameAnomalies(a: readonly Anomaly[], b: readonly Anomaly[]): boolean {
  if (a.length !== b.length) return false;
  const key = (x: Anomaly): string => `${x.id}|${x.lastLine}|${x.severity}|${x.title}|${x.explanation}|${x.evidence.length}`;
  const keys = new Set(a.map(key));
  return b.every((x) => keys.has(key(x)));
}
