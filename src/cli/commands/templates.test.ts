import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    assert.ok(stdout.includes('Receiving block <*> src: <*> dest: <*>'));
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
  it('eval templates scores grouping and parsing accuracy against LogHub-style and .expected labels', async () => {
    const labelled = join(dir, 'labelled');
    mkdirSync(labelled);
    const lines = [
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
      '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating',
      '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
      '081109 204015 308 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_8229193803249955061 terminating',
    ];
    writeFileSync(join(labelled, 'HDFS.log'), lines.join('\n') + '\n');
    writeFileSync(join(labelled, 'HDFS.truth.tsv'), [
      '1\tE10\tPacketResponder <*> for block <*> terminating',
      '2\tE10\tPacketResponder <*> for block <*> terminating',
      '3\tE6\tBLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>',
      '4\tE10\tPacketResponder <*> for block <*> terminating',
    ].join('\n') + '\n');
    // A wrong label set: every line its own event, and one template text that is not what is mined.
    writeFileSync(join(labelled, 'Wrong.log'), lines.join('\n') + '\n');
    writeFileSync(join(labelled, 'Wrong.expected'), ['a <*>', 'b <*>', 'c <*>', 'PacketResponder <*> for block <*> terminating'].join('\n') + '\n');
    const json = await cli(['eval', 'templates', '--dir', labelled, '--format', 'json'], dir);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { systems: { system: string; groupingAccuracy: number; parsingAccuracy: number; templates: number; expectedTemplates: number }[] };
    const hdfs = report.systems.find((s) => s.system === 'HDFS')!;
    assert.deepEqual([hdfs.groupingAccuracy, hdfs.parsingAccuracy, hdfs.templates, hdfs.expectedTemplates], [1, 1, 2, 2]);
    const wrong = report.systems.find((s) => s.system === 'Wrong')!;
    // Lines 1, 2 and 4 share a mined template but not a label: only line 3 is grouped right; only line 4's text matches.
    assert.deepEqual([wrong.groupingAccuracy, wrong.parsingAccuracy], [0.25, 0.25]);
    const gated = await cli(['eval', 'templates', '--dir', labelled, '--min-grouping', '0.9'], dir);
    assert.equal(gated.code, 1);
    assert.match(gated.stdout, /HDFS\s+4\s+1\.000\s+1\.000/);
    assert.match(gated.stdout, /NOT met/);
    // Drain beside the miner, for systems named as LogHub names them (HDFS has settings, Wrong has none).
    const withDrain = await cli(['eval', 'templates', '--dir', labelled, '--format', 'json', '--baseline', 'drain'], dir);
    assert.equal(withDrain.code, 0, withDrain.stderr);
    const compared = JSON.parse(withDrain.stdout) as { systems: { system: string; drain?: { groupingAccuracy: number; parsingAccuracy: number } }[]; baseline: { systems: number } };
    assert.equal(compared.baseline.systems, 1);
    assert.equal(compared.systems.find((s) => s.system === 'Wrong')!.drain, undefined);
    const drain = compared.systems.find((s) => s.system === 'HDFS')!.drain!;
    assert.equal(drain.groupingAccuracy, 1);
    const bad = await cli(['eval', 'templates', '--dir', labelled, '--baseline', 'spell'], dir);
    assert.equal(bad.code, 2);
    // LogHub's own files as published: <System>_2k.log beside its structured CSV (quoted fields, CRLF rows).
    const loghub = join(dir, 'loghub');
    mkdirSync(loghub);
    writeFileSync(join(loghub, 'HDFS_2k.log'), lines.join('\n') + '\n');
    writeFileSync(join(loghub, 'HDFS_2k.log_structured_corrected.csv'), [
      'LineId,Date,Content,EventId,EventTemplate',
      '1,081109,"PacketResponder 1 for block blk_38865049064139660 terminating",E10,PacketResponder <*> for block <*> terminating',
      '2,081109,"PacketResponder 0 for block, with ""quotes""",E10,PacketResponder <*> for block <*> terminating',
      '3,081109,x,E6,"BLOCK* NameSystem.addStoredBlock: blockMap updated: <*> is added to <*> size <*>"',
      '4,081109,y,E10,PacketResponder <*> for block <*> terminating',
    ].join('\r\n') + '\r\n');
    const fromCsv = await cli(['eval', 'templates', '--dir', loghub, '--format', 'json', '--baseline', 'drain'], dir);
    assert.equal(fromCsv.code, 0, fromCsv.stderr);
    const csvReport = JSON.parse(fromCsv.stdout) as { systems: { system: string; groupingAccuracy: number; parsingAccuracy: number; drain?: object }[] };
    assert.deepEqual(csvReport.systems.map((s) => [s.system, s.groupingAccuracy, s.parsingAccuracy, s.drain !== undefined]), [['HDFS_2k', 1, 1, true]]);
  });

  it('eval alerts scores the lines inside detected anomalies against per-line alert labels, label column kept or stripped', async () => {
    // The bundled BlueGene/L-style sample: first token '-' for a normal line, else the alert category.
    const sample = join(fixtures, 'realish', 'bgl.log');
    const both = await cli(['eval', 'alerts', sample, '--label-column', 'both', '--warmup', '300', '--format', 'json'], dir);
    assert.equal(both.code, 0, both.stderr);
    const report = JSON.parse(both.stdout) as { files: { labelColumn: string; score: { lines: number; alerts: number; precision: number; recall: number; f1: number } }[] };
    assert.deepEqual(report.files.map((f) => f.labelColumn), ['strip', 'keep']);
    for (const { score } of report.files) {
      assert.equal(score.lines, 900);
      assert.equal(score.alerts, 95);
      assert.ok(score.recall >= 0.95 && score.precision >= 0.5, JSON.stringify(score));
    }
    // A file whose every line is labelled an alert but holds only routine chatter: recall 0, F1 below the gate.
    const routine = join(dir, 'routine.log');
    writeFileSync(routine, Array.from({ length: 50 }, (_, i) => `KERNDTLB job ${i} finished normally`).join('\n') + '\n');
    const gated = await cli(['eval', 'alerts', routine, '--min-f1', '0.5'], dir);
    assert.equal(gated.code, 1);
    assert.match(gated.stdout, /NOT met/);
    assert.equal((await cli(['eval', 'alerts'], dir)).code, 2);
  });
});
