import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, extensionId } from './testSupport';

describe('activation', () => {
  it('activates on startup in the opened workspace and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the extension host`);
    const api = await activeApi();
    assert.equal(extension.isActive, true);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the fixture workspace is open');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['opsCopilot.analyzeLog', 'opsCopilot.showAnomalies', 'opsCopilot.generateSampleLogs', 'opsCopilot.pauseWatching']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
    // A figure for the closing note, not an assertion: timing depends on the machine.
    console.log(`[figure] activation: ${api.activationMs.toFixed(1)} ms inside activate()`);
  });
});
