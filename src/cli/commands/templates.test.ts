import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../main';
import type { CliIo } from '../cliCommand';
import { demoSections, findDemoSample } from './demo';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr, isTty: false, env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const fixtures = join(__dirname, '..', '..', 'test', 'fixtures');

describe('ops-copilot templates / parse / demo', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON object per input line with the final body template', async () => {
    const path = join(dir, 'ssh.log');
    writeFileSync(path, [
      'Dec 10 07:07:38 LabSZ sshd[24206]: Invalid user test9 from 52.80.34.196',
      'Dec 10 07:08:28 LabSZ sshd[24208]: Invalid user admin from 173.234.31.186',
      'Dec 10 07:11:42 LabSZ sshd[24224]: Invalid user oracle from 5.36.59.76',
      'Dec 10 07:27:52 LabSZ sshd[24235]: Failed password for root from 112.95.230.3 port 46580 ssh2',
    ].join('\n') + '\n');
    const { code, stdout, stderr } = await cli(['templates', 'ssh.log', '--format', 'jsonl'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; templateId: string; template: string });
    assert.deepEqual(rows.map((r) => r.line), [1, 2, 3, 4]);
    // The first line's template is reported as it stands at the end, after later lines generalised it.
    assert.equal(rows[0].template, 'Invalid user <*> from <*>');
    assert.equal(rows[0].templateId, rows[2].templateId);
    assert.equal(rows[3].template, 'Failed password for root from <*> port <*> ssh2');
  });

  it('maps every physical line of a stack trace to its record template', async () => {
    const { code, stdout } = await cli(['templates', join(fixtures, 'logs', 'java-stacktrace.log'), '--format', 'jsonl'], dir);
    assert.equal(code, 0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; template: string });
    assert.equal(rows.length, 10);
    assert.ok(rows.slice(1, 9).every((r) => r.template === 'Failed to place order <*>'));
  });

  it('lists templates by count in text form', async () => {
    const { code, stdout } = await cli(['templates', join(fixtures, 'templates', 'HDFS.log')], dir);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /format plain, 28 lines, 28 records, \d+ templates/);
    assert.match(lines[1], /^\s*\d+ {2}[0-9a-f]{12} {2}\S/);
    assert.ok(stdout.includes('Receiving block <*> src: /<*> dest: /<*>'));
  });

  it('prints parsed records as JSON lines', async () => {
    const { code, stdout } = await cli(['parse', join(fixtures, 'logs', 'nginx-access.log')], dir);
    assert.equal(code, 0);
    const first = JSON.parse(stdout.split('\n')[0]) as { line: number; format: string; timestamp: string; fields: { status: number } };
    assert.deepEqual([first.line, first.format, first.timestamp, first.fields.status], [1, 'clf', '2026-11-20T10:05:11.000Z', 200]);
    const text = await cli(['parse', join(fixtures, 'logs', 'python-traceback.log'), '--format', 'text'], dir);
    assert.match(text.stdout.split('\n')[1], /^2-8\t2026-11-20T10:05:12.001Z\terror\tworker.tasks\t\| task resize_image failed$/);
  });

  it('exits 2 with one line on stderr for usage and I/O errors', async () => {
    for (const args of [['templates'], ['templates', 'missing.log'], ['templates', 'a.log', '--format', 'xml'], ['parse', dir], ['templates', 'a', 'b']]) {
      const { code, stderr, stdout } = await cli(args, dir);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
    }
    const binary = join(dir, 'core.bin');
    writeFileSync(binary, Buffer.from([1, 2, 0, 3]));
    const { code, stderr } = await cli(['templates', binary], dir);
    assert.equal(code, 2);
    assert.match(stderr, /looks binary/);
  });

  it('answers --help on every command', async () => {
    for (const name of ['templates', 'parse', 'demo']) {
      const { code, stdout } = await cli([name, '--help'], dir);
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`^Usage: ops-copilot ${name}`));
    }
  });

  it('starts the demo with the format and templates of the bundled sample', async () => {
    const samplePath = findDemoSample(dir);
    assert.ok(samplePath !== undefined);
    const stdout = new Capture();
    // The first section is this engine's; later stages append slower ones (generate + scan, copilot).
    await demoSections[0]({ io: { stdout, stderr: new Capture(), isTty: false, env: {}, cwd: dir }, samplePath, top: 15 });
    assert.match(stdout.text, /Format: plain · 222 lines · 177 records/);
    assert.match(stdout.text, /Failed to place order <\*> for user <\*>/);
  });
});
