/** The Anomalies tree in the Ops view container: file → anomaly → evidence lines, each opening its line. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Anomaly, EvidenceLine } from '../../core/detection/anomaly';
import type { AnomalyStore } from '../anomalyStore';
import { commandIds } from '../contributionIds';

export type AnomalyTreeNode =
  | { kind: 'file'; file: string }
  | { kind: 'anomaly'; anomaly: Anomaly }
  | { kind: 'evidence'; anomaly: Anomaly; evidence: EvidenceLine };

const severityIcon = { error: 'error', warning: 'warning', info: 'info' } as const;

export class AnomaliesTreeProvider implements vscode.TreeDataProvider<AnomalyTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<AnomalyTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: AnomalyStore) {
    this.subscription = store.onDidChange(() => this.changeEmitter.fire(undefined));
  }

  getChildren(node?: AnomalyTreeNode): AnomalyTreeNode[] {
    if (!node) return this.store.files().map((file) => ({ kind: 'file', file }));
    if (node.kind === 'file') return this.store.get(node.file).map((anomaly) => ({ kind: 'anomaly', anomaly }));
    if (node.kind === 'anomaly') return node.anomaly.evidence.map((evidence) => ({ kind: 'evidence', anomaly: node.anomaly, evidence }));
    return [];
  }

  getTreeItem(node: AnomalyTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'file': {
        const item = new vscode.TreeItem(vscode.Uri.file(node.file), vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${this.store.get(node.file).length}`;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'opsCopilot.file';
        return item;
      }
      case 'anomaly': {
        const a = node.anomaly;
        const item = new vscode.TreeItem(a.title, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `line ${a.evidence[0]?.line ?? a.firstLine}`;
        item.tooltip = new vscode.MarkdownString().appendText(`${a.title}\n\n${a.explanation}`);
        item.iconPath = new vscode.ThemeIcon(severityIcon[a.severity]);
        item.contextValue = 'opsCopilot.anomaly';
        item.id = `${a.file}#${a.id}`;
        item.command = reveal(a.file, a.evidence[0]?.line ?? a.firstLine);
        return item;
      }
      case 'evidence': {
        const item = new vscode.TreeItem(node.evidence.text.split('\n', 1)[0]!.slice(0, 200), vscode.TreeItemCollapsibleState.None);
        item.description = `${path.basename(node.anomaly.file)}:${node.evidence.line}`;
        item.command = reveal(node.anomaly.file, node.evidence.line);
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function reveal(file: string, line: number): vscode.Command {
  return { title: 'Open', command: commandIds.revealEvidence, arguments: [file, line] };
}
