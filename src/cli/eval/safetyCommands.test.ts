import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../cliCommand';
import { evalCommand } from '../commands/eval';
import { checkCommandCommand } from '../commands/checkCommand';
import { redactCommand } from '../commands/redact';

function fakeIo(cwd = process.cwd()): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, isTty: false, env: {}, cwd }, out: () => out, err: () => err };
}

describe('safety CLI commands', () => {
  it('check-command prints JSON and exits 1 for dangerous', async () => {
    const { io, out } = fakeIo();
    const code = await checkCommandCommand.run(['--format', 'json', 'kubectl delete ns prod'], io);
    assert.equal(code, 1);
    const verdict = JSON.parse(out());
    assert.equal(verdict.risk, 'dangerous');
    assert.ok(verdict.reasons.length > 0);
  });

  it('check-command rejoins unquoted words and honours --fail-on', async () => {
    const { io, out } = fakeIo();
    assert.equal(await checkCommandCommand.run(['--fail-on', 'caution', 'systemctl', 'restart', 'nginx'], io), 1);
    assert.match(out(), /^caution\n {2}- restarts nginx/);
    assert.equal(await checkCommandCommand.run(['df', '-h'], fakeIo().io), 0);
  });

  it('redact prints the redacted file and a summary on stderr', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redact-'));
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'ts=2024-05-01T10:00:00Z password=hunter22 status=500\n');
    const { io, out, err } = fakeIo();
    assert.equal(await redactCommand.run([file], io), 0);
    assert.equal(out(), 'ts=2024-05-01T10:00:00Z password=[REDACTED:password] status=500\n');
    assert.match(err(), /1 replaced \(password×1\)/);
  });

  it('eval safety and eval redaction meet their targets on the bundled sets', async () => {
    const safety = fakeIo();
    assert.equal(await evalCommand.run(['safety'], safety.io), 0);
    assert.match(safety.out(), /Dangerous recall: 100\.0%/);
    const redaction = fakeIo();
    assert.equal(await evalCommand.run(['redaction', '--format', 'json'], redaction.io), 0);
    assert.equal(JSON.parse(redaction.out()).removedShare, 1);
  });

  it('eval safety reads a JSON Lines dataset and reports misses', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eval-'));
    writeFileSync(path.join(dir, 'set.jsonl'), '{"command": "ls", "risk": "dangerous"}\n{"command": "rm -rf /", "risk": "dangerous"}\n');
    const { io, out } = fakeIo(dir);
    assert.equal(await evalCommand.run(['safety', '--dataset', 'set.jsonl'], io), 1);
    assert.match(out(), /Dangerous recall: 50\.0%/);
    assert.match(out(), /dangerous → safe: ls/);
  });

  it('eval rejects an unknown set and malformed rows', async () => {
    await assert.rejects(evalCommand.run(['nope'], fakeIo().io), /unknown evaluation 'nope'/);
    const dir = mkdtempSync(path.join(tmpdir(), 'eval-'));
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"command": "ls"}\n');
    await assert.rejects(evalCommand.run(['safety', '--dataset', 'bad.jsonl'], fakeIo(dir).io), /entry 1 needs/);
  });
});
