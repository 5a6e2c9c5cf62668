import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeApi, diagnosticsSettle, opsDiagnostics, stampAfterFixture, workspacePath } from './testSupport';

describe('settings', () => {
  const config = () => vscode.workspace.getConfiguration('opsCopilot');

  before(async () => {
    await activeApi();
  });

  after(async () => {
    await config().update('logs.include', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('diagnostics.minSeverity', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('logs.maxFiles', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('restarts watching with the new globs when opsCopilot.logs.include changes', async () => {
    const special = workspacePath('records', 'batch.special');
    fs.mkdirSync(workspacePath('records'), { recursive: true });
    const lines = Array.from({ length: 10 }, (_, i) => `${stampAfterFixture(60, i)} INFO job step ${i} done`);
    lines.push(`${stampAfterFixture(61)} ERROR write failed: No space left on device`);
    fs.writeFileSync(special, `${lines.join('\n')}\n`);
    const specialUri = vscode.Uri.file(special);
    const probe = workspacePath('logs', 'settings-probe.log');
    const probeLines = Array.from({ length: 10 }, (_, i) => `${stampAfterFixture(62, i)} INFO job step ${i} done`);
    probeLines.push(`${stampAfterFixture(63)} ERROR write failed: No space left on device`);
    fs.writeFileSync(probe, `${probeLines.join('\n')}\n`);
    const probeUri = vscode.Uri.file(probe);
    await diagnosticsSettle(probeUri, (d) => d.length > 0, 5000);
    assert.equal(opsDiagnostics(specialUri).length, 0, 'not a log under the default globs');

    await config().update('logs.include', ['**/*.special'], vscode.ConfigurationTarget.Workspace);
    await diagnosticsSettle(specialUri, (d) => d.some((x) => x.range.start.line === 10), 5000);
    await diagnosticsSettle(probeUri, (d) => d.length === 0, 2000);

    await config().update('logs.include', undefined, vscode.ConfigurationTarget.Workspace);
    await diagnosticsSettle(probeUri, (d) => d.length > 0, 5000);
    await diagnosticsSettle(specialUri, (d) => d.length === 0, 2000);
  });

  it('hides less severe anomalies below opsCopilot.diagnostics.minSeverity without rereading', async () => {
    const api = await activeApi();
    const nonErrors = api.services.store.all().filter((a) => a.severity !== 'error');
    await config().update('diagnostics.minSeverity', 'error', vscode.ConfigurationTarget.Workspace);
    for (const file of api.services.store.files()) {
      const uri = vscode.Uri.file(file);
      await diagnosticsSettle(uri, (d) => d.every((x) => x.severity === vscode.DiagnosticSeverity.Error), 2000);
    }
    await config().update('diagnostics.minSeverity', undefined, vscode.ConfigurationTarget.Workspace);
    for (const anomaly of nonErrors) {
      await diagnosticsSettle(vscode.Uri.file(anomaly.file), (d) => d.some((x) => x.severity !== vscode.DiagnosticSeverity.Error), 2000);
    }
  });

  it('keeps the last valid value when a setting is invalid', async () => {
    const api = await activeApi();
    const before = api.services.settings.settings['logs.maxFiles'];
    await config().update('logs.maxFiles', -5, vscode.ConfigurationTarget.Workspace);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(api.services.settings.settings['logs.maxFiles'], before);
    await config().update('logs.maxFiles', 150, vscode.ConfigurationTarget.Workspace);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(api.services.settings.settings['logs.maxFiles'], 150);
  });
});
