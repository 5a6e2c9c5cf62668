/**
 * `ops-copilot search "<query>"`: hybrid runbook retrieval from the shell, with citations (file:line). Also the
 * library/embedder set-up shared with `ops-copilot index`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuiltinEmbedder } from '../../core/runbooks/builtinEmbedder';
import type { Embedder } from '../../core/runbooks/embedder';
import type { RunbookHit } from '../../core/runbooks/hybridRetriever';
import type { RunbookSource } from '../../core/runbooks/loadRunbooks';
import { OpenAiEmbedder } from '../../core/runbooks/openAiEmbedder';
import { RunbookCategory, runbookCategories } from '../../core/runbooks/runbook';
import { RunbookLibrary } from '../../core/runbooks/runbookLibrary';
import { TransformersEmbedder } from '../../core/runbooks/transformersEmbedder';
import { VectraChunkIndex } from '../../core/runbooks/vectraChunkIndex';
import { defaultSettings } from '../../core/settings';
import { CliCommand, CliIo, UsageError, writeLine } from '../cliCommand';
import { chooseFormat, parseCliArgs } from '../parseCliArgs';
import { shippedRunbookDir, stderrLogger } from '../copilotRuntime';

/** parseArgs specs shared by `search` and `index`. */
export const libraryArgOptions = {
  runbooks: { type: 'string', multiple: true },
  'no-shipped': { type: 'boolean' },
  index: { type: 'string' },
  embedder: { type: 'string' },
  model: { type: 'string' },
  'model-path': { type: 'string' },
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
} as const;

export const libraryUsage = `Runbook options:
  --runbooks DIR      runbook folder to add (repeatable); the shipped runbooks and ./runbooks, ./docs/runbooks,
                      ./.ops/runbooks (when present) are always read
  --no-shipped        leave out the shipped runbooks
  --index DIR         vector index folder (default: a per-set folder under $XDG_CACHE_HOME/ops-copilot or ~/.cache)
  --embedder builtin|transformers|openai-compatible|none
                      builtin (default; offline), transformers (transformers.js; with --model-path no network),
                      openai-compatible (--base-url, --model, --api-key or OPS_EMBEDDINGS_API_KEY), none (keywords only)
  --model NAME        embedding model (default Xenova/all-MiniLM-L6-v2 for transformers)
  --model-path DIR    local transformers.js model folder (config.json, tokenizer.json, onnx/)`;

export interface LibraryCliValues {
  runbooks?: string[];
  'no-shipped'?: boolean;
  index?: string;
  embedder?: string;
  model?: string;
  'model-path'?: string;
  'base-url'?: string;
  'api-key'?: string;
}

const embedderKinds = ['builtin', 'transformers', 'openai-compatible', 'none'] as const;

/** The folders to read: shipped, the working directory's default runbook folders, then --runbooks (later wins). */
export function runbookSourcesFor(values: LibraryCliValues, io: CliIo): RunbookSource[] {
  const shipped = values['no-shipped'] ? undefined : shippedRunbookDir();
  const sources: RunbookSource[] = [
    ...(shipped ? [{ dir: shipped, origin: 'shipped' }] : []),
    ...defaultSettings()['runbooks.paths']
      .map((p) => path.resolve(io.cwd, p))
      .filter((dir) => existsSync(dir))
      .map((dir) => ({ dir, origin: 'workspace' })),
  ];
  for (const dir of values.runbooks ?? []) {
    const resolved = path.resolve(io.cwd, dir);
    if (!existsSync(resolved)) throw new UsageError(`runbook folder not found: ${dir}`);
    sources.push({ dir: resolved, origin: 'cli' });
  }
  // Inside this repository ./runbooks is the shipped folder: reading it twice would only log duplicate ids.
  return sources.filter((s, i) => sources.findIndex((t) => path.resolve(t.dir) === path.resolve(s.dir)) === i);
}

function createEmbedder(values: LibraryCliValues, io: CliIo): Embedder | undefined {
  const kind = values.embedder ?? 'builtin';
  if (!(embedderKinds as readonly string[]).includes(kind)) {
    throw new UsageError(`--embedder must be one of ${embedderKinds.join(', ')} (got '${kind}')`);
  }
  switch (kind as (typeof embedderKinds)[number]) {
    case 'none':
      return undefined;
    case 'builtin':
      return new BuiltinEmbedder();
    case 'transformers': {
      const modelPath = values['model-path'] ? path.resolve(io.cwd, values['model-path']) : undefined;
      if (modelPath && !existsSync(modelPath)) throw new UsageError(`--model-path not found: ${values['model-path']}`);
      return new TransformersEmbedder({
        model: values.model,
        localModelPath: modelPath,
        cacheDir: path.join(cacheRoot(io), 'models'),
      });
    }
    case 'openai-compatible': {
      const baseUrl = values['base-url'] ?? io.env.OPS_EMBEDDINGS_BASE_URL;
      const model = values.model ?? io.env.OPS_EMBEDDINGS_MODEL;
      if (!baseUrl || !model) throw new UsageError('--embedder openai-compatible needs --base-url and --model');
      return new OpenAiEmbedder({ baseUrl, model, apiKey: values['api-key'] ?? io.env.OPS_EMBEDDINGS_API_KEY });
    }
  }
}

function cacheRoot(io: CliIo): string {
  const base = io.env.XDG_CACHE_HOME || path.join(io.env.HOME || os.homedir(), '.cache');
  return path.join(base, 'ops-copilot');
}

/** Builds the library for CLI use; the index folder defaults to one per (runbook folders, embedder) pair. */
export function openRunbookLibrary(values: LibraryCliValues, io: CliIo): { library: RunbookLibrary; indexDir?: string } {
  const sources = runbookSourcesFor(values, io);
  const embedder = createEmbedder(values, io);
  const log = stderrLogger(io);
  if (!embedder) return { library: new RunbookLibrary({ sources, log }) };
  const key = createHash('sha256')
    .update(JSON.stringify([sources.map((s) => s.dir), embedder.id]))
    .digest('hex')
    .slice(0, 16);
  const indexDir = values.index ? path.resolve(io.cwd, values.index) : path.join(cacheRoot(io), 'runbook-index', key);
  return { library: new RunbookLibrary({ sources, log, embedder, vectorIndex: new VectraChunkIndex(indexDir, log) }), indexDir };
}

/** A path relative to the working directory when it is inside it, so citations read `runbooks/disk-full.md:42`. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

const usage = `Usage: ops-copilot search "<query>" [--k 5] [--format text|json] [--category NAME] [runbook options]

Finds the runbook sections that match a question, an anomaly summary or raw log lines (numbers, ids, addresses and
timestamps are ignored). Prints each hit with its score and a citation (file:line). Exit 1 when nothing matches.
JSON: an array of {id, title, heading, score, file, line, snippet}.

${libraryUsage}`;

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'Search the runbooks (hybrid keyword + vector retrieval) and cite file:line',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      allowPositionals: true,
      options: { k: { type: 'string' }, format: { type: 'string' }, category: { type: 'string' }, ...libraryArgOptions },
    });
    const query = positionals.join(' ').trim();
    if (query === '') throw new UsageError('give a query, e.g. ops-copilot search "no space left on device"');
    const k = Number(values.k ?? 5);
    if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError(`--k must be an integer from 1 to 100 (got '${values.k}')`);
    const format = chooseFormat(values.format, ['text', 'json']);
    let category: RunbookCategory | undefined;
    if (values.category !== undefined) {
      category = runbookCategories.find((c) => c.toLowerCase() === values.category!.toLowerCase());
      if (!category) throw new UsageError(`--category must be one of ${runbookCategories.join(', ')}`);
    }

    const { library } = openRunbookLibrary(values, io);
    const hits = await library.search(query, { k, category });
    if (format === 'json') {
      writeLine(io.stdout, JSON.stringify(hits.map((hit) => toJson(hit, io.cwd)), null, 2));
    } else if (hits.length === 0) {
      writeLine(io.stderr, 'No runbook matches.');
    } else {
      hits.forEach((hit, i) => {
        writeLine(io.stdout, `${i + 1}. ${hit.id}  ${hit.title}  (score ${hit.score.toFixed(2)})`);
        writeLine(io.stdout, `   ${hit.heading} · ${displayPath(hit.file, io.cwd)}:${hit.line}`);
        writeLine(io.stdout, `   ${hit.snippet}`);
      });
    }
    return hits.length > 0 ? 0 : 1;
  },
};

function toJson(hit: RunbookHit, cwd: string) {
  return {
    id: hit.id,
    title: hit.title,
    heading: hit.heading,
    score: hit.score,
    file: displayPath(hit.file, cwd),
    line: hit.line,
    snippet: hit.snippet,
  };
}
