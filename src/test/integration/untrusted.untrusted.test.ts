import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeApi, diagnosticsSettle, lineCount, opsDiagnostics, stampAfterFixture, workspacePath } from './testSupport';

describe('untrusted workspace (limited mode)', () => {
  it('runs in an untrusted workspace', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await activeApi();
    assert.ok(api.activationMs >= 0);
  });

  it('still watches and detects: appended errors become diagnostics', async () => {
    const file = workspacePath('logs', 'app.log');
    const uri = vscode.Uri.file(file);
    const first = lineCount(file) + 1;
    fs.appendFileSync(file, `${stampAfterFixture(1)} ERROR worker java.lang.OutOfMemoryError: Java heap space\n`);
    await diagnosticsSettle(uri, (d) => d.some((x) => x.range.start.line === first - 1), 2000);
  });

  it('does not run regular expressions from the workspace .ops/ignore.json', async () => {
    // The same lines are hidden in a trusted workspace (watching.test.ts): the regex entry is honoured only there.
    const quota = vscode.Uri.file(workspacePath('logs', 'quota.log'));
    await diagnosticsSettle(quota, (d) => d.length > 0, 5000);
    const quotaLines = fs.readFileSync(quota.fsPath, 'utf8').split('\n').flatMap((text, index) => (/disk quota exceeded/.test(text) ? [index] : []));
    assert.ok(opsDiagnostics(quota).some((d) => quotaLines.includes(d.range.start.line)), 'on one of the lines the regex would hide');
  });

  it('ignores workspace values of restricted settings (opsCopilot.logs.extraPaths)', async () => {
    const api = await activeApi();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-untrusted-'));
    await vscode.workspace.getConfiguration('opsCopilot').update('logs.extraPaths', [`${outside}/*.log`], vscode.ConfigurationTarget.Workspace);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(api.services.settings.settings['logs.extraPaths'], [], 'the workspace value is not applied');
    await vscode.workspace.getConfiguration('opsCopilot').update('logs.extraPaths', undefined, vscode.ConfigurationTarget.Workspace);
  });
});
