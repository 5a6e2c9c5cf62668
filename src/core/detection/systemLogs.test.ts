import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'mocha';
import { scanFile } from './scanFile';

/**
 * Line-level behaviour on supercomputer system logs in LogHub's layout (first column `-` for a normal line, else the
 * alert class), hand-made by src/test/fixtures/realish/generateRealish.py from the published formats and alert
 * messages. The label column is only the answer key: every case runs with it kept and with it stripped.
 */
const fixtures = join(__dirname, '..', '..', 'test', 'fixtures', 'realish');
const dir = mkdtempSync(join(tmpdir(), 'ops-system-logs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface LineScore {
  precision: number;
  recall: number;
  flaggedInfo: number;
  infoLines: number;
}

async function scoreLines(name: string, lines: string[], alerts: boolean[]): Promise<LineScore> {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  // The samples are 900 lines: warm up over the first third instead of the default 1,000 records.
  const result = await scanFile(path, { perLine: true, warmupRecords: 300 });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let flaggedInfo = 0;
  let infoLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const flagged = result.lineTypes![i + 1] !== 0;
    if (flagged && alerts[i]) tp++;
    else if (flagged) fp++;
    else if (alerts[i]) fn++;
    if (/ RAS \w+ INFO /.test(lines[i]!)) {
      infoLines++;
      if (flagged) flaggedInfo++;
    }
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), flaggedInfo, infoLines };
}

describe('AnomalyDetector on system logs', () => {
  const cases = [
    { system: 'BlueGene/L', file: 'bgl.log', minPrecision: 0.5, minRecall: 0.95 },
    { system: 'Thunderbird', file: 'thunderbird.log', minPrecision: 0.9, minRecall: 0.5 },
  ];
  for (const { system, file, minPrecision, minRecall } of cases) {
    for (const labelColumn of ['kept', 'stripped'] as const) {
      it(`${system} with the label column ${labelColumn}: flags alert lines, leaves info chatter alone`, async () => {
        const raw = readFileSync(join(fixtures, file), 'utf8').trimEnd().split('\n');
        const alerts = raw.map((line) => !line.startsWith('- '));
        assert.ok(alerts.some(Boolean) && alerts.some((a) => !a), 'the sample holds both kinds');
        const lines = labelColumn === 'kept' ? raw : raw.map((line) => line.slice(line.indexOf(' ') + 1));
        const score = await scoreLines(`${labelColumn}-${file}`, lines, alerts);
        assert.ok(score.recall >= minRecall, `recall ${score.recall.toFixed(2)}`);
        assert.ok(score.precision >= minPrecision, `precision ${score.precision.toFixed(2)}`);
        assert.ok(score.flaggedInfo <= 0.05 * Math.max(1, score.infoLines), `${score.flaggedInfo} of ${score.infoLines} INFO lines flagged`);
      });
    }
  }

  it('flags the other lines of a session (an HDFS block) whose line was flagged, and no other session', async () => {
    const lines: string[] = [];
    const blockLines = new Map<string, number[]>();
    const failing = 'blk_-4857711283427012993';
    for (let b = 0; b < 120; b++) {
      const block = b === 77 ? failing : `blk_${(1_000_000_007 * (b + 3)) % 9_000_000_000_000}`;
      const at = (n: number): string => `081109 ${new Date(Date.UTC(2008, 10, 9, 20, 0, b * 4 + n)).toISOString().slice(11, 19).replace(/:/g, '')} ${140 + n} INFO`;
      const own: string[] = [
        `${at(0)} dfs.DataNode$DataXceiver: Receiving block ${block} src: /10.250.19.102:54106 dest: /10.250.19.102:50010`,
        `${at(1)} dfs.DataNode$PacketResponder: PacketResponder 1 for block ${block} terminating`,
        `${at(2)} dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to ${block} size 67108864`,
      ];
      if (block === failing) own.splice(1, 0, own[0]!.replace(/INFO dfs.*/, `FATAL dfs.DataNode: block ${block} replica lost on every datanode`));
      blockLines.set(block, own.map((line) => lines.push(line)));
    }
    const path = join(dir, 'hdfs.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const marks = (await scanFile(path, { perLine: true })).lineTypes!;
    for (const [block, numbers] of blockLines) {
      for (const line of numbers) assert.equal(marks[line] !== 0, block === failing, `${block} line ${line}`);
    }
  });

  it('flags fatal records where errors are routine, but not the register dump that follows them', async () => {
    const lines: string[] = [];
    const fatal: number[] = [];
    const dump: number[] = [];
    const start = Date.UTC(2026, 0, 5);
    for (let i = 0; i < 3000; i++) {
      const stamp = new Date(start + i * 1200).toISOString();
      // One line in three is an error, all file long: the error rate's baseline is high and flat.
      if (i % 3 === 0) lines.push(`${stamp} ERROR [db] query on shard ${i % 17} failed: deadlock detected, retrying`);
      else lines.push(`${stamp} INFO [api] GET /orders/${i} served in ${5 + (i % 9)}ms`);
      if (i === 400 || i === 1700 || i === 2600) {
        lines.push(`${stamp} FATAL [kernel] machine check interrupt on node ${i % 64}`);
        fatal.push(lines.length);
        lines.push(`${stamp} FATAL [kernel] instruction address: 0x${(i * 7919).toString(16).padStart(8, '0')}`);
        dump.push(lines.length);
      }
    }
    const path = join(dir, 'fatal.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const result = await scanFile(path, { perLine: true });
    const marks = result.lineTypes!;
    for (const line of fatal) assert.notEqual(marks[line], 0, `fatal line ${line} flagged`);
    for (const line of dump) assert.equal(marks[line], 0, `dump line ${line} not flagged on its own`);
    // The first window may read as a spike (nothing learnt yet); after it the routine error rate is the baseline.
    let flaggedRoutine = 0;
    for (let line = 60; line <= lines.length; line++) if (marks[line] && !fatal.includes(line)) flaggedRoutine++;
    assert.equal(flaggedRoutine, 0, 'routine errors and info lines stay unflagged');
    const anomaly = result.anomalies.find((a) => a.title === 'Fatal errors');
    assert.ok(anomaly, 'reported as fatal errors');
    assert.ok(result.lineScores![fatal[0]!]! > result.lineScores![fatal[0]! - 2]!, 'a fatal line scores above its neighbours');
  });

  it("does not fire on a lone fatal user error (a job's missing program), but does on the same job failing with an I/O error", async () => {
    const lines: string[] = [];
    const start = Date.UTC(2026, 0, 5);
    const userErrors: number[] = [];
    const faults: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const stamp = new Date(start + i * 1500).toISOString();
      lines.push(`${stamp} INFO [ciod] generated ${i % 50} core files for program /bgl/apps/run${i % 7}`);
      if (i === 1200 || i === 2100) {
        lines.push(`${stamp} FATAL [ciod] Error loading /g/g0/user${i}/bin/app: invalid or missing program image, No such file or directory`);
        userErrors.push(lines.length);
        lines.push(`${stamp} FATAL [ciod] LOGIN chdir(/g/g0/user${i}/run) failed: No such file or directory`);
        userErrors.push(lines.length);
      }
      if (i === 2500) {
        lines.push(`${stamp} FATAL [ciod] LOGIN chdir(/p/gb1/user${i}/run) failed: Input/output error`);
        faults.push(lines.length);
      }
    }
    const path = join(dir, 'usererror.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const marks = (await scanFile(path, { perLine: true })).lineTypes!;
    for (const line of userErrors) assert.equal(marks[line], 0, `user error line ${line} not flagged`);
    for (const line of faults) assert.notEqual(marks[line], 0, `fault line ${line} flagged`);
  });
});
