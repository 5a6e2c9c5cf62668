import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeApi, diagnosticsSettle, lineCount, opsDiagnostics, stampAfterFixture, waitFor, workspacePath } from './testSupport';

const healthy = (minute: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${stampAfterFixture(minute, i)} INFO http GET /api/orders status=200 duration=${20 + i}ms`);
const outOfMemory = (minute: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${stampAfterFixture(minute, 30 + i)} ERROR worker java.lang.OutOfMemoryError: Java heap space in batch ${4000 + i}`);

function append(file: string, lines: string[]): void {
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
}

/** The anomaly must sit on the first line we wrote: 1-based `line` → the diagnostic's 0-based start. */
const hasDiagnosticAt = (line: number) => (diagnostics: vscode.Diagnostic[]) => diagnostics.some((d) => d.range.start.line === line - 1);

describe('watching workspace logs', () => {
  before(async () => {
    await activeApi();
  });

  it('shows anomalies already in the logs at startup, and nothing for excluded or non-log files', async () => {
    const worker = vscode.Uri.file(workspacePath('logs', 'worker.log'));
    await diagnosticsSettle(worker, (d) => d.length > 0, 10_000);
    const diagnostic = opsDiagnostics(worker)[0]!;
    const firstOom = fs.readFileSync(worker.fsPath, 'utf8').split('\n').findIndex((l) => l.includes('OutOfMemoryError'));
    assert.equal(diagnostic.range.start.line, firstOom, 'on the first out-of-memory line');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.code, 'resource_exhaustion');
    assert.match(diagnostic.message, /out of memory/i);
    assert.ok((diagnostic.relatedInformation?.length ?? 0) >= 1, 'other evidence lines are related information');
    assert.equal(opsDiagnostics(vscode.Uri.file(workspacePath('build', 'output.log'))).length, 0, 'build/ is excluded');
    assert.equal(opsDiagnostics(vscode.Uri.file(workspacePath('notes', 'todo.md'))).length, 0, 'not a log file');
    // .ops/ignore.json holds a regular expression for these lines; a trusted workspace honours it.
    assert.equal(opsDiagnostics(vscode.Uri.file(workspacePath('logs', 'quota.log'))).length, 0, 'ignored pattern');
  });

  it('turns appended error lines into diagnostics at those lines within 2 s', async () => {
    const file = workspacePath('logs', 'app.log');
    const uri = vscode.Uri.file(file);
    assert.equal(opsDiagnostics(uri).length, 0, 'the healthy fixture has no anomalies');
    const firstNew = lineCount(file) + 1;
    append(file, [...healthy(1, 5), ...outOfMemory(1, 3)]);
    const elapsed = await diagnosticsSettle(uri, hasDiagnosticAt(firstNew + 5), 2000);
    console.log(`[figure] append → diagnostic: ${Math.round(elapsed)} ms`);
    const diagnostic = opsDiagnostics(uri).find((d) => d.range.start.line === firstNew + 4)!;
    assert.equal(diagnostic.source, 'ops');
    assert.match(diagnostic.message, /out of memory/i);
    assert.equal(diagnostic.relatedInformation?.length, 2, 'the two other appended lines');
    assert.deepEqual(diagnostic.relatedInformation?.map((r) => r.location.range.start.line), [firstNew + 5, firstNew + 6]);
  });

  it('starts over when the log is truncated: old diagnostics go, new lines are numbered from 1', async () => {
    const file = workspacePath('logs', 'app.log');
    const uri = vscode.Uri.file(file);
    assert.ok(opsDiagnostics(uri).length > 0, 'precondition: the previous test left an anomaly');
    fs.truncateSync(file, 0);
    await diagnosticsSettle(uri, (d) => d.length === 0, 2000);
    append(file, [...healthy(10, 3), ...outOfMemory(10, 2)]);
    await diagnosticsSettle(uri, hasDiagnosticAt(4), 2000);
  });

  it('starts over when the log is rotated (renamed away and recreated), and follows the rotated file', async () => {
    const file = workspacePath('logs', 'app.log');
    const rotated = workspacePath('logs', 'app.log.1');
    const uri = vscode.Uri.file(file);
    assert.ok(opsDiagnostics(uri).length > 0, 'precondition: the previous test left an anomaly');
    fs.renameSync(file, rotated);
    fs.writeFileSync(file, `${healthy(20, 4).join('\n')}\n`);
    await diagnosticsSettle(uri, (d) => d.length === 0, 3000);
    await diagnosticsSettle(vscode.Uri.file(rotated), hasDiagnosticAt(4), 3000);
    append(file, outOfMemory(21, 2));
    await diagnosticsSettle(uri, hasDiagnosticAt(5), 2000);
  });

  it('clears the diagnostics of a deleted log', async () => {
    const worker = vscode.Uri.file(workspacePath('logs', 'worker.log'));
    assert.ok(opsDiagnostics(worker).length > 0);
    fs.unlinkSync(worker.fsPath);
    await diagnosticsSettle(worker, (d) => d.length === 0, 2000);
  });

  it('follows a log file created after startup', async () => {
    const file = workspacePath('logs', 'late', 'service.log');
    fs.mkdirSync(workspacePath('logs', 'late'), { recursive: true });
    fs.writeFileSync(file, `${[...healthy(30, 10), ...outOfMemory(30, 1)].join('\n')}\n`);
    await diagnosticsSettle(vscode.Uri.file(file), hasDiagnosticAt(11), 3000);
    const api = await activeApi();
    await waitFor('the status bar count to include it', () => api.services.store.count >= 2);
  });
});
