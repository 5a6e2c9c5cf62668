/**
 * Runbook retrieval: quality on the labelled query set (recall@1, recall@5, MRR) with the built-in embedder, next to
 * keyword-only retrieval and to queries pre-masked by the template miner; index build and no-change re-index times
 * for the shipped runbooks; query latency on ~2,000 chunks (shipped runbooks replicated with perturbed text).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchSuite } from './benchSuite';
import { nullLogger } from '../core/logger';
import { BuiltinEmbedder } from '../core/runbooks/builtinEmbedder';
import type { Embedder } from '../core/runbooks/embedder';
import { RunbookLibrary } from '../core/runbooks/runbookLibrary';
import { VectraChunkIndex } from '../core/runbooks/vectraChunkIndex';
import { maskVariables } from '../core/templates/variableMasker';

interface LabelledQuery {
  query: string;
  expected: string;
  kind: string;
}

/** Counts texts embedded, to prove a no-change re-index computes none. */
class CountingEmbedder implements Embedder {
  embedded = 0;
  constructor(private readonly inner: Embedder) {}
  get id(): string {
    return this.inner.id;
  }
  get maxBatchSize(): number | undefined {
    return this.inner.maxBatchSize;
  }
  dimensions(): Promise<number> {
    return this.inner.dimensions();
  }
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[] | number[][]> {
    this.embedded += texts.length;
    return this.inner.embed(texts, signal);
  }
}

function repoPath(...parts: string[]): string {
  // dist/bench.js and src/bench/retrievalBench.ts both sit one or two levels below the repo root.
  for (const up of ['..', '../..']) {
    const candidate = path.resolve(__dirname, up, ...parts);
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.resolve(process.cwd(), ...parts);
}

export function loadLabelledQueries(file: string): LabelledQuery[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LabelledQuery);
}

interface Quality {
  recall1: number;
  recall5: number;
  mrr: number;
  misses: string[];
}

async function evaluate(library: RunbookLibrary, queries: LabelledQuery[], transform = (q: string) => q): Promise<Quality> {
  let hit1 = 0;
  let hit5 = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const q of queries) {
    const hits = await library.search(transform(q.query), { k: 10 });
    const rank = hits.findIndex((h) => h.id === q.expected);
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 5) hit5++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    if (rank !== 0) misses.push(`${q.expected} @${rank < 0 ? '-' : rank + 1} (got ${hits[0]?.id ?? 'nothing'}): ${q.query.slice(0, 70)}`);
  }
  const n = queries.length;
  return { recall1: hit1 / n, recall5: hit5 / n, mrr: reciprocal / n, misses };
}

/** CPU time of this process in ms: on a shared, oversubscribed machine wall time mostly measures the neighbours. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Copies every runbook `copies` times with a new id and some words swapped, so chunks differ but look real. */
function writeSyntheticRunbooks(sourceDir: string, targetDir: string, copies: number): void {
  const swaps = ['service', 'cluster', 'primary', 'worker', 'gateway', 'replica', 'tenant', 'region', 'shard', 'batch'];
  fs.mkdirSync(targetDir, { recursive: true });
  for (const name of fs.readdirSync(sourceDir).filter((n) => n.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(sourceDir, name), 'utf8');
    for (let c = 0; c < copies; c++) {
      let word = 0;
      const perturbed = text
        .replace(/^id: (.+)$/m, `id: $1-copy${c}`)
        .replace(/^title: (.+)$/m, `title: $1 (variant ${c})`)
        .replace(/\b[a-z]{6,}\b/g, (w) => (++word % (7 + c) === 0 ? swaps[(word + c) % swaps.length]! : w));
      fs.writeFileSync(path.join(targetDir, name.replace(/\.md$/, `-copy${c}.md`)), perturbed);
    }
  }
}

export const retrievalBench: BenchSuite = {
  name: 'retrieval',
  async run(): Promise<void> {
    const runbooksDir = repoPath('runbooks');
    const queries = loadLabelledQueries(repoPath('src/test/fixtures/retrieval/queries.jsonl'));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-copilot-retrieval-'));
    try {
      const sources = [{ dir: runbooksDir, origin: 'shipped' }];
      const embedder = new CountingEmbedder(new BuiltinEmbedder());
      const indexDir = path.join(work, 'index');

      let start = performance.now();
      let cpuStart = cpuMs();
      const library = new RunbookLibrary({ sources, log: nullLogger, embedder, vectorIndex: new VectraChunkIndex(indexDir, nullLogger) });
      const built = await library.refresh();
      const buildMs = performance.now() - start;
      console.log(
        `index build (shipped runbooks): ${built.runbooks} runbooks, ${built.chunks} chunks, ${built.embedded} embedded in ` +
          `${buildMs.toFixed(0)} ms wall, ${(cpuMs() - cpuStart).toFixed(0)} ms CPU`,
      );

      embedder.embedded = 0;
      start = performance.now();
      cpuStart = cpuMs();
      const reopened = new RunbookLibrary({ sources, log: nullLogger, embedder, vectorIndex: new VectraChunkIndex(indexDir, nullLogger) });
      const cold = await reopened.refresh();
      const coldMs = performance.now() - start;
      const coldCpu = cpuMs() - cpuStart;
      start = performance.now();
      cpuStart = cpuMs();
      const warm = await reopened.refresh();
      const warmMs = performance.now() - start;
      const warmCpu = cpuMs() - cpuStart;
      console.log(
        `no-change re-index: from disk into a new library ${coldMs.toFixed(0)} ms wall / ${coldCpu.toFixed(0)} ms CPU; ` +
          `same library again ${warmMs.toFixed(0)} ms wall / ${warmCpu.toFixed(0)} ms CPU; ` +
          `embeddings computed ${embedder.embedded} (${cold.embedded}+${warm.embedded}), kept ${warm.kept}`,
      );

      const lexical = new RunbookLibrary({ sources, log: nullLogger });
      console.log(`\nquality on ${queries.length} labelled queries (${summariseKinds(queries)}):`);
      const rows: [string, Quality][] = [
        ['hybrid, built-in embedder', await evaluate(library, queries)],
        ['keywords + signals only (no vectors)', await evaluate(lexical, queries)],
        ['hybrid, queries pre-masked by maskVariables', await evaluate(library, queries, maskVariables)],
      ];
      for (const kind of [...new Set(queries.map((q) => q.kind))]) {
        rows.push([`hybrid, ${kind} queries only`, await evaluate(library, queries.filter((q) => q.kind === kind))]);
      }
      for (const [label, q] of rows) {
        console.log(`  ${label.padEnd(46)} recall@1 ${q.recall1.toFixed(3)}  recall@5 ${q.recall5.toFixed(3)}  MRR ${q.mrr.toFixed(3)}`);
      }
      const misses = rows[0]![1].misses;
      if (misses.length > 0) console.log(`  not first (hybrid):\n    ${misses.join('\n    ')}`);

      const syntheticDir = path.join(work, 'synthetic');
      const perCopy = built.chunks;
      writeSyntheticRunbooks(runbooksDir, syntheticDir, Math.max(1, Math.ceil(2000 / perCopy) - 1));
      const big = new RunbookLibrary({
        sources: [...sources, { dir: syntheticDir, origin: 'synthetic' }],
        log: nullLogger,
        embedder: new BuiltinEmbedder(),
        vectorIndex: new VectraChunkIndex(path.join(work, 'big-index'), nullLogger),
      });
      start = performance.now();
      const bigBuilt = await big.refresh();
      const bigBuildMs = performance.now() - start;
      for (const q of queries.slice(0, 10)) await big.search(q.query);
      const latencies: number[] = [];
      const cpuLatencies: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const q of queries) {
          const t = performance.now();
          const c = cpuMs();
          await big.search(q.query);
          cpuLatencies.push(cpuMs() - c);
          latencies.push(performance.now() - t);
        }
      }
      latencies.sort((a, b) => a - b);
      cpuLatencies.sort((a, b) => a - b);
      console.log(
        `\nquery latency on ${bigBuilt.chunks} chunks (${bigBuilt.runbooks} runbooks, built in ${bigBuildMs.toFixed(0)} ms), ` +
          `${latencies.length} queries: wall p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms; ` +
          `CPU p50 ${percentile(cpuLatencies, 50).toFixed(2)} ms, p95 ${percentile(cpuLatencies, 95).toFixed(2)} ms`,
      );
      console.log(`load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
      console.log('targets: recall@5 >= 0.95, MRR >= 0.8, query p95 <= 20 ms, no-change re-index <= 200 ms with 0 embeddings');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

function summariseKinds(queries: LabelledQuery[]): string {
  const counts = new Map<string, number>();
  for (const q of queries) counts.set(q.kind, (counts.get(q.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
