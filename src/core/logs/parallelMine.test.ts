import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineFile, MinedFile } from './logPipeline';
import { mineFileParallel, planSegments } from './parallelMine';
import { groupingAccuracy } from '../templates/groupingAccuracy';
import { SeededRandom } from '../synthetic/seededRandom';

const fixtures = join(__dirname, '..', '..', 'test', 'fixtures');

/** Per record, the text of the template it resolved to at the end. */
function labels(mined: MinedFile): string[] {
  return mined.recordTemplateIds.map((id) => mined.miner.templateOf(id));
}

describe('parallel mining', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ops-parallel-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** ~n lines replicated from real samples (Java stack traces included), digits re-drawn, in runs per source. */
  function mixedFile(name: string, lines: number): string {
    const sources = ['java-stacktrace.log', 'nginx-access.log', 'syslog-rfc3164.log', 'app.logfmt', 'python-traceback.log', 'app.jsonl']
      .map((f) => readFileSync(join(fixtures, 'logs', f), 'utf8').split('\n').filter((l) => l.length > 0));
    const rng = new SeededRandom(7);
    const out: string[] = [];
    while (out.length < lines) {
      const source = sources[Math.floor(rng.next() * sources.length)];
      const run = 50 + Math.floor(rng.next() * 300);
      for (let k = 0; k < run; k++) out.push(source[k % source.length].replace(/\d/g, (d) => (rng.next() < 0.5 ? String(Math.floor(rng.next() * 10)) : d)));
    }
    const path = join(dir, name);
    writeFileSync(path, out.join('\n') + '\n');
    return path;
  }

  it('cuts a file at record starts only (never inside a stack trace), and the segments tile it', async () => {
    const path = mixedFile('cuts.log', 6000);
    const bytes = readFileSync(path);
    const segments = await planSegments(path, 16 * 1024);
    assert.ok(segments.length > 10, `${segments.length} segments`);
    assert.equal(segments[0].start, 0);
    assert.equal(segments[segments.length - 1].end, bytes.length);
    for (let i = 0; i < segments.length; i++) {
      if (i > 0) {
        assert.equal(segments[i].start, segments[i - 1].end);
        assert.equal(bytes[segments[i].start - 1], 10, 'a segment starts a line');
        const first = bytes.toString('utf8', segments[i].start, bytes.indexOf(10, segments[i].start));
        assert.doesNotMatch(first, /^(\s|Caused by:|\.\.\. |[\w$.]+(Exception|Error)\b)/, `segment ${i} starts inside a record: ${first}`);
      }
    }
  });

  it('groups every record as one pass does, with the same record boundaries and counts, on threads or in-process', async () => {
    const path = mixedFile('merge.log', 20000);
    const single = await mineFile(path);
    for (const workers of [2, 0]) {
      const parallel = await mineFileParallel(path, { segmentBytes: 64 * 1024, minParallelBytes: 0, workers });
      assert.equal(parallel.lineCount, single.lineCount);
      assert.deepEqual(parallel.recordEndLines, single.recordEndLines);
      assert.equal(parallel.format, single.format);
      assert.equal(groupingAccuracy(labels(parallel), labels(single)), 1, `workers ${workers}`);
      const total = parallel.templates.reduce((sum, t) => sum + t.count, 0);
      assert.equal(total, parallel.recordCount);
      for (const t of parallel.templates) assert.ok(t.firstLine >= 1 && t.lastLine <= parallel.lineCount && t.firstLine <= t.lastLine);
    }
  });

  it('groups the 16 LogHub-style samples as one pass does when their digits vary across segments', async () => {
    const dirOf = join(fixtures, 'templates');
    const sources = readdirSync(dirOf).filter((f) => f.endsWith('.log')).map((f) => readFileSync(join(dirOf, f), 'utf8').split('\n').filter((l) => l.length > 0));
    const rng = new SeededRandom(11);
    const out: string[] = [];
    for (let round = 0; round < 12; round++) {
      for (const source of sources) for (const line of source) out.push(line.replace(/\d/g, () => String(Math.floor(rng.next() * 10))));
    }
    const path = join(dir, 'loghub.log');
    writeFileSync(path, out.join('\n') + '\n');
    const single = await mineFile(path);
    const parallel = await mineFileParallel(path, { segmentBytes: 16 * 1024, minParallelBytes: 0, workers: 0 });
    assert.equal(groupingAccuracy(labels(parallel), labels(single)), 1);
    assert.equal(parallel.templates.length, single.templates.length);
  });

  it('gives the same templates and ids whatever the number of workers', async () => {
    const path = mixedFile('stable.log', 8000);
    const a = await mineFileParallel(path, { segmentBytes: 32 * 1024, minParallelBytes: 0, workers: 2 });
    const b = await mineFileParallel(path, { segmentBytes: 32 * 1024, minParallelBytes: 0, workers: 0 });
    assert.deepEqual(a.templates, b.templates);
    assert.deepEqual(a.recordTemplateIds, b.recordTemplateIds);
  });

  it('merges a constant word that varies across segments the way one pass does (three values make a variable)', async () => {
    // Each segment sees one state word only; together they see three.
    const lines: string[] = [];
    for (const state of ['Started', 'Paused', 'Stopped']) {
      for (let i = 0; i < 400; i++) lines.push(`2026-11-20 10:05:${String(i % 60).padStart(2, '0')},332 INFO vm.Manager: VM ${state} after check ${i}`);
    }
    const path = join(dir, 'states.log');
    writeFileSync(path, lines.join('\n') + '\n');
    const single = await mineFile(path);
    const parallel = await mineFileParallel(path, { segmentBytes: 20 * 1024, minParallelBytes: 0, workers: 0 });
    assert.deepEqual(parallel.templates.map((t) => [t.text, t.count]), single.templates.map((t) => [t.text, t.count]));
  });

  it('mines a file of one segment in one pass', async () => {
    const path = join(fixtures, 'logs', 'java-stacktrace.log');
    const parallel = await mineFileParallel(path);
    const single = await mineFile(path);
    assert.deepEqual(parallel.templates, single.templates);
    // Templates and counts only: the same templates, no per-record arrays.
    const summary = await mineFileParallel(path, { keepRecords: false });
    assert.deepEqual(summary.templates, single.templates);
    assert.equal(summary.recordCount, single.recordCount);
    assert.deepEqual([summary.recordEndLines.length, summary.recordTemplateIds.length], [0, 0]);
  });
});
