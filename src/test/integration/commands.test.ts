import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AnalyzeLogResult } from '../../vscode/commands/analyzeLog';
import { activeApi, diagnosticsSettle, opsDiagnostics, stampAfterFixture, workspacePath } from './testSupport';

describe('commands and quick fixes', () => {
  before(async () => {
    await activeApi();
  });

  it('Analyze This Log reports the incident of a fixture with jump-to-line links, templates and a timeline', async () => {
    const file = workspacePath('logs', 'analyze-me.log');
    fs.copyFileSync(workspacePath('logs', 'worker.log'), file);
    const uri = vscode.Uri.file(file);
    const results = await vscode.commands.executeCommand<AnalyzeLogResult[]>('opsCopilot.analyzeLog', uri);
    assert.equal(results.length, 1);
    const [result] = results;
    const firstOom = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('OutOfMemoryError')) + 1;
    assert.ok(result!.anomalies.some((a) => a.type === 'resource_exhaustion' && a.evidence[0]?.line === firstOom));
    const report = result!.report.getText();
    assert.match(report, /^# Log analysis: analyze-me\.log/m);
    assert.ok(report.includes(`[line ${firstOom}](${uri.with({ fragment: `L${firstOom}` }).toString()})`), 'a jump-to-line link');
    assert.match(report, /## Top templates[\s\S]*\| \d+ \| `processed batch <\*> in <\*> ms` \|/);
    assert.match(report, /## Timeline\n\n```text\n2026-11-21 10:0\d/);
  });

  it('Analyze This Log analyses only the selection when there is one', async () => {
    const file = workspacePath('logs', 'analyze-me.log');
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 40, 0); // healthy part only
    const [result] = await vscode.commands.executeCommand<AnalyzeLogResult[]>('opsCopilot.analyzeLog', document.uri);
    assert.equal(result!.anomalies.length, 0);
    assert.match(result!.report.getText(), /^# Log analysis: lines 1–41 of analyze-me\.log/m);
  });

  it('offers "Ask @ops" and "Ignore this pattern" on our diagnostics, and ignoring persists and clears it', async () => {
    const file = workspacePath('logs', 'pool.log');
    const lines = Array.from({ length: 20 }, (_, i) => `${stampAfterFixture(40, i)} INFO db query ok in ${5 + i} ms`);
    lines.push(`${stampAfterFixture(41)} ERROR db connection pool exhausted: 50/50 connections in use`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const uri = vscode.Uri.file(file);
    await diagnosticsSettle(uri, (d) => d.some((x) => x.range.start.line === 20), 5000);
    const diagnostic = opsDiagnostics(uri).find((d) => d.range.start.line === 20)!;
    await vscode.workspace.openTextDocument(uri); // code action providers run on an open model
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ask @ops about this anomaly'), `offered: ${titles.join(', ')}`);
    assert.ok(titles.includes('Ignore this pattern'));

    const ignore = actions.find((a) => a.title === 'Ignore this pattern')!;
    const added = await vscode.commands.executeCommand<string[]>(ignore.command!.command, ...(ignore.command!.arguments ?? []));
    assert.ok(added && added.length === 1, 'one template ignored');
    await diagnosticsSettle(uri, (d) => d.length === 0, 2000);
    const saved = JSON.parse(fs.readFileSync(workspacePath('.ops', 'ignore.json'), 'utf8'));
    assert.ok(saved.patterns.includes(added[0]), 'persisted in .ops/ignore.json');
    assert.ok(saved.patterns.includes('/disk quota exceeded for tenant/i'), 'existing entries kept');
  });

  it('"Ask @ops" opens the chat with the query prefilled (or falls back without failing)', async () => {
    const api = await activeApi();
    const anomaly = api.services.store.all()[0];
    assert.ok(anomaly, 'some anomaly is shown');
    const outcome = await vscode.commands.executeCommand<string>('opsCopilot.askAboutAnomaly', anomaly);
    assert.ok(['chat', 'panel', 'report'].includes(outcome), `outcome ${outcome}`);
  });

  it('Pause stops watching and clears the diagnostics; Resume reads the logs again', async () => {
    const api = await activeApi();
    const file = workspacePath('logs', 'paused.log');
    const lines = Array.from({ length: 10 }, (_, i) => `${stampAfterFixture(50, i)} INFO tick ${i}`);
    lines.push(`${stampAfterFixture(51)} FATAL kernel: Out of memory: Killed process 4242 (java)`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const uri = vscode.Uri.file(file);
    await diagnosticsSettle(uri, (d) => d.length > 0, 5000);
    await vscode.commands.executeCommand('opsCopilot.pauseWatching');
    assert.equal(api.services.isPaused(), true);
    assert.equal(opsDiagnostics(uri).length, 0);
    await vscode.commands.executeCommand('opsCopilot.resumeWatching');
    await diagnosticsSettle(uri, (d) => d.some((x) => x.range.start.line === 10), 5000);
  });
});

describe('Generate Sample Logs', () => {
  it('writes a demo log into the workspace whose injected incidents show up as diagnostics', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('opsCopilot.generateSampleLogs');
    assert.ok(uri && fs.existsSync(uri.fsPath), 'the sample log exists');
    assert.equal(uri.fsPath, workspacePath('logs', 'ops-copilot-sample.log'));
    await diagnosticsSettle(uri, (d) => d.length >= 1, 20_000);
  });
});
