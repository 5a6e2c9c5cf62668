/**
 * The panel in the real editor: the command opens it, the webview loads dist/webview.js under the panel's CSP and
 * localResourceRoots and says `ready`, and the host answers with the history, incidents and dashboard snapshot.
 * (The UI itself is driven in headless Chromium by src/test/panel/panelPreview.ts.)
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, waitFor } from './testSupport';

describe('Ops panel', function () {
  this.timeout(60_000);

  it('opens, completes the ready handshake and receives its snapshot', async () => {
    const api = await activeApi();
    await vscode.commands.executeCommand('opsCopilot.openPanel', 'incidents');
    const status = await waitFor(
      'the panel webview to say ready and receive incidents',
      () => {
        const current = api.copilot.panel.status();
        return current.ready && (current.delivered.incidents ?? 0) > 0 && (current.delivered.dashboard ?? 0) > 0 && current;
      },
      30_000,
      100,
    );
    assert.equal(status.open, true);
    assert.equal(status.delivered.history, 1);
    await waitFor('the task list', () => (api.copilot.panel.status().delivered.tasks ?? 0) > 0, 10_000, 100);
    assert.equal(status.delivered.focus, 1);
  });

  it('brings an already open panel forward instead of opening a second one', async () => {
    const api = await activeApi();
    await vscode.commands.executeCommand('opsCopilot.openPanel', 'dashboard');
    await vscode.commands.executeCommand('opsCopilot.openPanel', { question: 'Why did errors spike?' });
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const panels = tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('opsCopilot.panel'));
    assert.equal(panels.length, 1);
    await waitFor('the focus to reach the panel', () => (api.copilot.panel.status().delivered.focus ?? 0) >= 2, 10_000, 100);
  });

  it('reopens after being closed and says how long the webview took', async () => {
    const api = await activeApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', () => !api.copilot.panel.status().open, 10_000, 50);
    const started = Date.now();
    await vscode.commands.executeCommand('opsCopilot.openPanel');
    await waitFor('ready', () => api.copilot.panel.status().ready, 30_000, 10);
    const readyMs = Date.now() - started;
    await waitFor('incidents', () => (api.copilot.panel.status().delivered.incidents ?? 0) > 0, 30_000, 10);
    // A figure for the closing note, not an assertion: wall time on a shared CI box is noise.
    console.log(`[panel] reopen: webview ready after ${readyMs} ms, incidents delivered after ${Date.now() - started} ms`);
  });
});
