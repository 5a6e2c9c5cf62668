/**
 * Engine throughput and memory: read+parse+mine lines/s beside the read+split-only ceiling on the same generated
 * 1,000,000-line file, each in its own child process so peak RSS (process.resourceUsage().maxRSS) is that stage's own;
 * then peak RSS of read+parse+mine over a 1 GB file (generated in .bench/, deleted afterwards); then grouping accuracy
 * on the labelled template set.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchSuite } from './benchSuite';
import { readLineBatches } from '../core/logs/lineReader';
import { LogParser } from '../core/logs/logParser';
import { templateInput } from '../core/logs/logPipeline';
import { defaultSegmentBytes, mineFileParallel } from '../core/logs/parallelMine';
import { TemplateMiner } from '../core/templates/templateMiner';
import { readLineLabels, scoreDrain, scoreTemplates } from '../core/templates/templateEval';
import { drainSettingsFor } from '../core/templates/drainBaseline';
import { SeededRandom } from '../core/synthetic/seededRandom';

const childFlag = '--engine-child=';
const resultPrefix = 'ENGINE_RESULT ';
const millionLines = 1_000_000;
const oneGiB = 1024 ** 3;

interface ChildResult {
  lines: number;
  records: number;
  templates: number;
  ms: number;
  /** CPU time (user + system) of the child: robust when other processes compete for the cores. */
  cpuMs: number;
  maxRssMiB: number;
  /** RSS after the bundle loaded, before the engine ran: dist/bench.js carries every suite's dependencies. */
  baselineRssMiB: number;
}

/** Finds the repository root (the folder holding package.json) from dist/ or src/bench/. */
function repoRoot(): string {
  for (const candidate of [resolve(__dirname, '..'), resolve(__dirname, '..', '..'), process.cwd()]) {
    if (existsSync(join(candidate, 'package.json')) && existsSync(join(candidate, 'src'))) return candidate;
  }
  return process.cwd();
}

/** Sources to replicate: the labelled LogHub-style samples of 16 systems plus the format fixtures, one list per file. */
function sourceFiles(root: string): string[][] {
  const files: string[][] = [];
  for (const sub of ['templates', 'logs']) {
    const dir = join(root, 'src', 'test', 'fixtures', sub);
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(log|jsonl|logfmt)$/.test(name)) continue;
      files.push(readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.length > 0));
    }
  }
  return files;
}

/** A seeded stream in [0, 1) (core's SeededRandom) so runs replay. */
function random(seed: number): () => number {
  const rng = new SeededRandom(seed);
  return () => rng.next();
}

/**
 * Writes `lines` lines replicated from real samples, in runs of 500–5,000 consecutive lines of one source (as when
 * logs of several services are concatenated), with the digits after the first 24 characters (where headers and
 * timestamps sit) re-drawn so variable values differ from line to line. Stops at `bytes` when given.
 */
async function generate(path: string, sources: string[][], lines: number, bytes = Infinity): Promise<{ lines: number; bytes: number }> {
  const rnd = random(42);
  const out = createWriteStream(path);
  let written = 0;
  let size = 0;
  let batch: string[] = [];
  const digits = '0123456789';
  while (written < lines && size < bytes) {
    const source = sources[Math.floor(rnd() * sources.length)];
    const run = 500 + Math.floor(rnd() * 4500);
    for (let k = 0; k < run && written < lines && size < bytes; k++) {
      const template = source[k % source.length];
      let line = template.slice(0, 24);
      for (let i = 24; i < template.length; i++) {
        const c = template.charCodeAt(i);
        line += c >= 48 && c <= 57 && rnd() < 0.5 ? digits[Math.floor(rnd() * 10)] : template[i];
      }
      batch.push(line);
      size += Buffer.byteLength(line) + 1;
      written++;
      if (batch.length === 4096) {
        if (!out.write(batch.join('\n') + '\n')) await new Promise<void>((done) => out.once('drain', done));
        batch = [];
      }
    }
  }
  if (batch.length > 0) out.write(batch.join('\n') + '\n');
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  return { lines: written, bytes: size };
}

async function runChild(mode: 'split' | 'full' | 'parallel', path: string): Promise<ChildResult> {
  const script = process.argv[1];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, 'engine', `${childFlag}${mode}`, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(resultPrefix));
      if (code !== 0 || line === undefined) fail(new Error(`engine bench child (${mode}) exited ${code}: ${stdout.slice(-500)}`));
      else done(JSON.parse(line.slice(resultPrefix.length)) as ChildResult);
    });
  });
}

/** Child process body: one stage over one file, nothing else loaded. */
async function childMain(mode: string, path: string): Promise<void> {
  const baselineRssMiB = process.memoryUsage.rss() / 1024 ** 2;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let lines = 0;
  let records = 0;
  let templates = 0;
  if (mode === 'parallel') {
    // What `ops-copilot templates` runs on a big file: segments mined on worker threads, merged in file order.
    const mined = await mineFileParallel(path, { keepRecords: false, blocking: true });
    lines = mined.lineCount;
    records = mined.recordCount;
    templates = mined.templates.length;
  } else if (mode === 'split') {
    for await (const batch of readLineBatches(path, { blocking: true })) lines = batch[batch.length - 1].line;
  } else {
    const parser = new LogParser();
    const miner = new TemplateMiner();
    for await (const batch of readLineBatches(path, { blocking: true })) {
      for (let l = 0; l < batch.length; l++) {
        const done = parser.push(batch[l]);
        for (let i = 0; i < done.length; i++) {
          const record = done[i];
          miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
          records++;
        }
      }
      lines = batch[batch.length - 1].line;
    }
    for (const record of parser.flush()) {
      miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
      records++;
    }
    templates = miner.templates().length;
  }
  const ms = performance.now() - start;
  const usage = process.cpuUsage(cpuStart);
  const cpuMs = (usage.user + usage.system) / 1000;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const result: ChildResult = { lines, records, templates, ms, cpuMs, maxRssMiB, baselineRssMiB };
  process.stdout.write(resultPrefix + JSON.stringify(result) + '\n');
}

function rss(result: ChildResult): string {
  const own = result.maxRssMiB - result.baselineRssMiB;
  return `peak RSS ${result.maxRssMiB.toFixed(0)} MiB = ${result.baselineRssMiB.toFixed(0)} MiB bundle baseline + ${own.toFixed(0)} MiB engine`;
}

function perSecond(lines: number, ms: number): string {
  return Math.round(lines / (ms / 1000)).toLocaleString('en-US');
}

async function labelledAccuracy(root: string): Promise<void> {
  const dir = join(root, 'src', 'test', 'fixtures', 'templates');
  const systems = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => f.slice(0, -4)).sort();
  const scores: string[] = [];
  let grouping = 0;
  let parsing = 0;
  let drainGrouping = 0;
  let drainParsing = 0;
  for (const system of systems) {
    const labels = await readLineLabels(join(dir, `${system}.expected`));
    const score = await scoreTemplates(join(dir, `${system}.log`), labels);
    const settings = drainSettingsFor(system);
    const drain = settings === undefined ? undefined : await scoreDrain(join(dir, `${system}.log`), labels, settings);
    grouping += score.groupingAccuracy;
    parsing += score.parsingAccuracy;
    drainGrouping += drain?.groupingAccuracy ?? 0;
    drainParsing += drain?.parsingAccuracy ?? 0;
    scores.push(`${system} ${score.groupingAccuracy.toFixed(3)}${drain === undefined ? '' : ` (Drain ${drain.groupingAccuracy.toFixed(3)})`}`);
  }
  console.log(`grouping accuracy on the labelled set (src/test/fixtures/templates, ${systems.length} systems, ~25 lines each): mean ${(grouping / systems.length).toFixed(3)} (parsing accuracy ${(parsing / systems.length).toFixed(3)}); Drain tuned per system on the same lines: ${(drainGrouping / systems.length).toFixed(3)} (parsing ${(drainParsing / systems.length).toFixed(3)}); per system: node dist/cli.js eval templates --baseline drain`);
  console.log(`  ${scores.join(', ')}`);
}

export const engineBench: BenchSuite = {
  name: 'engine',
  async run() {
    const childArg = process.argv.find((a) => a.startsWith(childFlag));
    if (childArg !== undefined) {
      await childMain(childArg.slice(childFlag.length), process.argv[process.argv.length - 1]);
      return;
    }
    const root = repoRoot();
    const benchDir = join(root, '.bench');
    mkdirSync(benchDir, { recursive: true });
    const sources = sourceFiles(root);
    const million = join(benchDir, 'engine-1m-v2.log');
    if (!existsSync(million) || statSync(million).size === 0) await generate(million, sources, millionLines);
    const sizeMiB = statSync(million).size / 1024 ** 2;
    console.log(`file: ${million} (${millionLines.toLocaleString('en-US')} lines, ${sizeMiB.toFixed(0)} MiB, runs of ${sources.length} real-format sample files with re-drawn digits)`);

    // Warm the page cache so neither stage pays for the disk.
    await runChild('split', million);
    const split = await runChild('split', million);
    const full = await runChild('full', million);
    console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; lines/s by wall clock and by the child's own CPU time`);
    console.log(`read+split ceiling:   ${perSecond(split.lines, split.ms)} lines/s wall, ${perSecond(split.lines, split.cpuMs)} lines/CPU-s (${rss(split)})`);
    console.log(`read+parse+mine:      ${perSecond(full.lines, full.ms)} lines/s wall, ${perSecond(full.lines, full.cpuMs)} lines/CPU-s (${rss(full)}, ${full.records.toLocaleString('en-US')} records, ${full.templates} templates)`);
    console.log(`ratio:                ${((split.ms / full.ms) * 100).toFixed(1)}% of the read ceiling by wall clock, ${((split.cpuMs / full.cpuMs) * 100).toFixed(1)}% by CPU time (targets: >= 700,000 lines/s and >= 30%)`);

    const big = join(benchDir, 'engine-1g.log');
    try {
      const generated = await generate(big, sources, Infinity, oneGiB);
      const gb = await runChild('full', big);
      console.log(`1 GiB file (${generated.lines.toLocaleString('en-US')} lines): read+parse+mine ${rss(gb)} (target <= 150 MB), ${perSecond(gb.lines, gb.ms)} lines/s wall, ${perSecond(gb.lines, gb.cpuMs)} lines/CPU-s, ${gb.templates} templates`);
      // What `ops-copilot templates` runs on a file this big: segments on worker threads, merged (files under
      // 256 MiB are mined in one pass: there the threads' start-up and warm-up cost more than they save).
      const parallel = await runChild('parallel', big);
      const segments = Math.ceil(oneGiB / defaultSegmentBytes);
      console.log(`  same file on ${Math.min(cpus().length, segments)} worker threads (${segments} segments of <= ${defaultSegmentBytes / 1024 ** 2} MiB, merged): ${perSecond(parallel.lines, parallel.ms)} lines/s wall, ${(gb.ms / parallel.ms).toFixed(2)}x one thread (${rss(parallel)} incl. workers, ${perSecond(parallel.lines, parallel.cpuMs)} lines/CPU-s, ${parallel.templates} templates)`);
    } finally {
      if (existsSync(big)) unlinkSync(big);
    }
    await labelledAccuracy(root);
  },
};
