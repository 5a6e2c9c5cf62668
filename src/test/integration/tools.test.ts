import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { toolNames } from '../../vscode/contributionIds';
import { activeApi, waitFor } from './testSupport';

function text(result: vscode.LanguageModelToolResult): string {
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

describe('agent-mode tools', () => {
  before(async () => {
    await activeApi();
    await vscode.workspace.getConfiguration('opsCopilot').update('embeddings.provider', 'builtin', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('opsCopilot').update('embeddings.provider', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('are listed by vscode.lm.tools', () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const name of Object.values(toolNames)) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  });

  it('ops_findAnomalies returns the watcher’s anomalies and ops_getLogWindow the lines around one, numbered', async () => {
    const api = await activeApi();
    const anomaly = await waitFor('an anomaly', () => api.services.store.all()[0], 15000, 100);
    const found = JSON.parse(text(await vscode.lm.invokeTool(toolNames.findAnomalies, { input: { limit: 50 }, toolInvocationToken: undefined }))) as Array<{ id: string }>;
    assert.ok(found.some((a) => a.id === anomaly.id));
    const line = anomaly.evidence[0].line;
    const window = text(await vscode.lm.invokeTool(toolNames.getLogWindow, { input: { file: anomaly.file, line, before: 2, after: 2 }, toolInvocationToken: undefined }));
    assert.ok(window.includes(`${line}: `), window);
    assert.equal(window.split('\n').length, 5);
  });

  it('ops_searchRunbooks and ops_classifyIncident answer offline', async () => {
    const hits = JSON.parse(text(await vscode.lm.invokeTool(toolNames.searchRunbooks, { input: { query: 'No space left on device' }, toolInvocationToken: undefined }))) as Array<{ id: string }>;
    assert.equal(hits[0].id, 'disk-full');
    const classification = JSON.parse(text(await vscode.lm.invokeTool(toolNames.classifyIncident, { input: { text: 'Failed password for invalid user admin from 203.0.113.9 port 22 ssh2' }, toolInvocationToken: undefined })));
    assert.equal(classification.category, 'Security');
  });

  it('rejects bad input with a clear message instead of throwing', async () => {
    const result = text(await vscode.lm.invokeTool(toolNames.getLogWindow, { input: { file: '/etc/passwd', line: 1 }, toolInvocationToken: undefined }));
    assert.match(result, /Failed: .*neither a watched log nor inside the workspace/);
  });
});
