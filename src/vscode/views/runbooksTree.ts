/**
 * The Runbooks tree in the Ops view container: category → runbook → its sections, each opening the file at the
 * section's line. The library loads on first expansion (never at activation) and refreshes when runbooks change.
 */
import * as vscode from 'vscode';
import type { Runbook } from '../../core/runbooks/runbook';
import type { CopilotHost } from '../copilot/copilotHost';

export type RunbookTreeNode =
  | { kind: 'category'; category: string; runbooks: Runbook[] }
  | { kind: 'runbook'; runbook: Runbook }
  | { kind: 'section'; runbook: Runbook; heading: string; line: number };

export class RunbooksTreeProvider implements vscode.TreeDataProvider<RunbookTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RunbookTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  /** Only `runbooks()`: activation passes a getter that loads the copilot bundle on first expansion. */
  constructor(private readonly host: Pick<CopilotHost, 'runbooks'>) {}

  /** After a rebuild or an edit: reload and redraw. */
  refresh(): void {
    this.host.runbooks().invalidate();
    this.changeEmitter.fire(undefined);
  }

  async getChildren(node?: RunbookTreeNode): Promise<RunbookTreeNode[]> {
    if (!node) {
      const library = this.host.runbooks();
      if (library.list().length === 0) await library.refresh();
      return [...library.listByCategory()].map(([category, runbooks]) => ({ kind: 'category', category, runbooks }));
    }
    if (node.kind === 'category') return node.runbooks.map((runbook) => ({ kind: 'runbook', runbook }));
    if (node.kind === 'runbook') return sectionsOf(node.runbook);
    return [];
  }

  getTreeItem(node: RunbookTreeNode): vscode.TreeItem {
    if (node.kind === 'category') {
      const item = new vscode.TreeItem(node.category, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.runbooks.length);
      item.iconPath = new vscode.ThemeIcon('folder-library');
      return item;
    }
    if (node.kind === 'runbook') {
      const item = new vscode.TreeItem(node.runbook.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.runbook.id}${node.runbook.origin === 'shipped' ? '' : ` · ${node.runbook.origin}`}`;
      item.tooltip = node.runbook.file;
      item.iconPath = new vscode.ThemeIcon('book');
      item.resourceUri = vscode.Uri.file(node.runbook.file);
      return item;
    }
    const item = new vscode.TreeItem(node.heading, vscode.TreeItemCollapsibleState.None);
    item.description = `:${node.line}`;
    item.command = {
      command: 'vscode.open',
      title: 'Open Runbook Section',
      arguments: [vscode.Uri.file(node.runbook.file), { selection: new vscode.Range(node.line - 1, 0, node.line - 1, 0) }],
    };
    return item;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/** The `##` headings of a runbook with their 1-based file lines (fenced code is skipped: `# comment` is not a heading). */
export function sectionsOf(runbook: Runbook): RunbookTreeNode[] {
  const sections: RunbookTreeNode[] = [];
  let fenced = false;
  runbook.body.split('\n').forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    const match = !fenced && /^##\s+(.+?)\s*#*\s*$/.exec(text);
    if (match) sections.push({ kind: 'section', runbook, heading: match[1], line: runbook.bodyStartLine + index });
  });
  return sections;
}
