import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from './testSupport';

describe('activation', () => {
  it('activates on startup in the opened workspace', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the extension host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'the fixture workspace is open');
  });
});
