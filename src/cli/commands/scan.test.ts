import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'mocha';
import { runCli } from '../main';
import type { CliIo } from '../cliCommand';
import { anomalyTypes } from '../../core/detection/anomaly';
import { generateLog, type GeneratedLabels } from '../../core/synthetic/logGenerator';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr, isTty: false, env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('ops-copilot scan and generate (end to end)', () => {
  let dir: string;
  let labels: GeneratedLabels;
  const window = ['--window-seconds', '30'];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-scan-'));
    // A short lead-in and one outage: small enough for a unit test, long enough to warm up.
    const generated = generateLog({ lines: 16000, seed: 21, format: 'logfmt', types: ['service_outage'], warmupSeconds: 240, gapSeconds: 100000 });
    labels = generated.labels;
    writeFileSync(join(dir, 'app.log'), generated.text);
    writeFileSync(join(dir, 'quiet.log'), generateLog({ lines: 3000, seed: 22, format: 'plain', inject: false }).text);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('text: names the anomaly with its figures and lines', async () => {
    const { code, stdout } = await run(['scan', 'app.log', ...window], dir);
    assert.equal(code, 0);
    assert.match(stdout, /^app\.log {2}logfmt · 16000 lines · \d+ templates · \d+ anomal/m);
    assert.match(stdout, /ERROR {3}Service outage/);
    assert.doesNotMatch(stdout, /\x1b\[/, 'no colour when not a terminal');
  });

  it('json: files with path, format, lines, templates and anomalies', async () => {
    const { code, stdout } = await run(['scan', 'app.log', 'quiet.log', '--format', 'json', ...window], dir);
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as { files: Array<{ path: string; format: string; lines: number; templates: number; anomalies: Array<{ type: string; firstLine: number; lastLine: number; file: string }> }> };
    assert.deepEqual(report.files.map((f) => [f.path, f.format, f.lines]), [['app.log', 'logfmt', 16000], ['quiet.log', 'plain', 3000]]);
    const truth = labels.anomalies[0]!;
    const outage = report.files[0]!.anomalies.find((a) => a.type === 'service_outage');
    assert.ok(outage && outage.firstLine <= truth.lastLine && outage.lastLine >= truth.firstLine);
    assert.equal(outage.file, 'app.log');
    assert.deepEqual(report.files[1]!.anomalies, []);
  });

  it('sarif: 2.1.0 with one rule per type and one located result per anomaly', async () => {
    const { code, stdout } = await run(['scan', 'app.log', '--format', 'sarif', ...window], dir);
    assert.equal(code, 0);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'ops-copilot');
    const ruleIds = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual(ruleIds, [...anomalyTypes]);
    assert.ok(run0.results.length >= 1);
    for (const result of run0.results) {
      assert.ok(ruleIds.includes(result.ruleId));
      assert.equal(ruleIds[result.ruleIndex], result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      assert.equal(typeof result.message.text, 'string');
      const location = result.locations[0].physicalLocation;
      assert.equal(location.artifactLocation.uri, 'app.log');
      assert.ok(Number.isInteger(location.region.startLine) && location.region.startLine >= 1);
      assert.ok(location.region.endLine >= location.region.startLine);
    }
  });

  it('lines: one object per input line; every labelled line of the outage is flagged', async () => {
    const { code, stdout } = await run(['scan', 'app.log', '--format', 'lines', ...window], dir);
    assert.equal(code, 0);
    const rows = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { line: number; anomaly: boolean; score: number; types: string[] });
    assert.equal(rows.length, 16000);
    rows.forEach((row, i) => assert.equal(row.line, i + 1));
    const truth = labels.anomalies[0]!;
    let flagged = 0;
    for (const [first, last] of truth.ranges) {
      for (let n = first; n <= last; n++) {
        if (rows[n - 1]!.anomaly) flagged++;
      }
    }
    assert.ok(flagged / truth.lineCount >= 0.95, `flagged ${flagged} of ${truth.lineCount} labelled lines`);
    const flaggedRows = rows.filter((r) => r.anomaly);
    assert.ok(flaggedRows.every((r) => r.types.includes('service_outage') && r.score >= 0.5));
    assert.ok(rows.filter((r) => !r.anomaly).every((r) => r.score < 0.5 && r.types.length === 0));
    assert.ok(flaggedRows.length < truth.lastLine - truth.firstLine + 1, 'healthy lines inside the outage stay unflagged');
  });

  it('exit codes: 1 at or above --fail-on, 2 for usage and I/O errors', async () => {
    assert.equal((await run(['scan', 'app.log', '--fail-on', 'error', ...window], dir)).code, 1);
    assert.equal((await run(['scan', 'quiet.log', '--fail-on', 'warning'], dir)).code, 0);
    const missing = await run(['scan', 'nope.log'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.log: no such file/);
    assert.equal((await run(['scan', 'app.log', '--format', 'xml'], dir)).code, 2);
    assert.equal((await run(['scan'], dir)).code, 2);
  });

  it('generate: writes the log and labels deterministically', async () => {
    const args = ['generate', '--lines', '1500', '--seed', '4', '--format', 'nginx', '--out', 'g.log', '--labels', 'g.json', '--gap-seconds', '5'];
    assert.equal((await run(args, dir)).code, 0);
    const first = readFileSync(join(dir, 'g.log'), 'utf8');
    const firstLabels = JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8')) as GeneratedLabels;
    assert.equal((await run(args, dir)).code, 0);
    assert.equal(readFileSync(join(dir, 'g.log'), 'utf8'), first);
    assert.equal(first.split('\n').length - 1, 1500);
    assert.equal(firstLabels.format, 'nginx');
    assert.equal((await run(['generate', '--lines', '10', '--format', 'xml', '--out', 'x.log'], dir)).code, 2);
    assert.equal((await run(['generate', '--lines', '10'], dir)).code, 2);
  });
});
