import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeApi } from './testSupport';

describe('Runbooks view', () => {
  before(async () => {
    await vscode.workspace.getConfiguration('opsCopilot').update('embeddings.provider', 'builtin', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('opsCopilot').update('embeddings.provider', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('lists the shipped runbooks by category, each with its sections at their lines', async () => {
    const api = await activeApi();
    const tree = api.copilot.runbooksTree;
    const categories = await tree.getChildren();
    const labels = categories.map((c) => tree.getTreeItem(c).label);
    for (const category of ['Database', 'Network', 'Security']) assert.ok(labels.includes(category), `${category} in ${labels.join(', ')}`);
    const database = categories.find((c) => tree.getTreeItem(c).label === 'Database')!;
    const runbooks = await tree.getChildren(database);
    const pool = runbooks.find((r) => r.kind === 'runbook' && r.runbook.id === 'db-connection-pool-exhausted');
    assert.ok(pool, 'db-connection-pool-exhausted under Database');
    const sections = await tree.getChildren(pool);
    const headings = sections.map((s) => tree.getTreeItem(s).label);
    assert.deepEqual(headings.slice(0, 3), ['Symptoms', 'Impact', 'Diagnosis']);
    const diagnosis = sections.find((s) => s.kind === 'section' && s.heading === 'Diagnosis')!;
    const item = tree.getTreeItem(diagnosis);
    const [uri, options] = item.command!.arguments as [vscode.Uri, { selection: vscode.Range }];
    assert.equal(path.basename(uri.fsPath), 'db-connection-pool-exhausted.md');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(options.selection.start.line).text.trim(), '## Diagnosis');
  });
});
