/** `$(pulse) 3 anomalies` in the status bar (tooltip per file, click → Show Anomalies), a spinner while scanning. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Disposable } from '../../core/lifecycle';
import type { AnomalyStore } from '../anomalyStore';
import { commandIds } from '../contributionIds';
import type { ScanProgress } from '../watchers/workspaceLogWatcher';

export class AnomalyStatusBar implements Disposable {
  private readonly item = vscode.window.createStatusBarItem('opsCopilot.anomalies', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private scan: ScanProgress | undefined;
  private paused = false;

  constructor(private readonly store: AnomalyStore) {
    this.item.name = 'Ops Copilot anomalies';
    this.item.command = commandIds.showAnomalies;
    this.subscription = store.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  setScanProgress(scan: ScanProgress | undefined): void {
    this.scan = scan;
    this.render();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.render();
  }

  private render(): void {
    const count = this.store.count;
    const noun = count === 1 ? 'anomaly' : 'anomalies';
    if (this.scan) {
      this.item.text = `$(sync~spin) ${count} ${noun} · scanning ${Math.floor(this.scan.fraction * 100)}%`;
    } else if (this.paused) {
      this.item.text = `$(debug-pause) ${count} ${noun}`;
    } else {
      this.item.text = `$(pulse) ${count} ${noun}`;
    }
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    tooltip.supportThemeIcons = true;
    if (this.paused) tooltip.appendMarkdown('Log watching is paused.\n\n');
    if (this.scan) tooltip.appendMarkdown(`Reading ${this.scan.files} large file(s) in the background.\n\n`);
    const files = this.store.files();
    if (files.length === 0) tooltip.appendMarkdown('No anomalies in the watched logs.');
    for (const file of files.slice(0, 15)) {
      const anomalies = this.store.get(file);
      const errors = anomalies.filter((a) => a.severity === 'error').length;
      tooltip.appendMarkdown(`- \`${escape(path.basename(file))}\`: ${anomalies.length} (${errors} errors)\n`);
    }
    if (files.length > 15) tooltip.appendMarkdown(`- …and ${files.length - 15} more files\n`);
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[`\\]/g, '');
}
