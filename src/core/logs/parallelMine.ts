/**
 * Mining a big file on several cores. The file is cut into segments of about `segmentBytes` at record starts (never
 * inside a stack trace), each segment is read, parsed and mined on its own in a worker thread, and the segments'
 * templates are then merged in file order into one miner, the way that miner would have met them: a segment's
 * template joins the merged template it matches (generalising it) or becomes a new one. Segment boundaries depend on
 * the file alone, never on the number of cores, so a file mines to the same templates and ids on every machine.
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread } from 'node:worker_threads';
import { readLineBatches } from './lineReader';
import { isContinuationLine, LogParser, LogParserOptions, parseLogLine } from './logParser';
import { mineFile, MinedFile, templateInput } from './logPipeline';
import type { LogFormat } from './logRecord';
import { TemplateMiner, TemplateMinerOptions } from '../templates/templateMiner';
import type { LogTemplate } from '../templates/logTemplate';

export interface ParallelMineOptions extends LogParserOptions {
  miner?: TemplateMinerOptions;
  /** Segment size in bytes (default 32 MiB). Files no bigger than one segment are mined in one pass, in-process. */
  segmentBytes?: number;
  /**
   * Files smaller than this are mined in one pass (default 256 MiB): below it the workers' start-up and the compile
   * warm-up each thread pays anew cost more than the second core saves (115 MiB: 0.8-1.0x; 345 MiB: 1.6x, 2 cores).
   */
  minParallelBytes?: number;
  /** Worker threads (default: the cores available, at most one per segment). 0 mines the segments in-process. */
  workers?: number;
  /** Keep per-record end lines and template ids (default true); without them memory stays flat in file size. */
  keepRecords?: boolean;
  signal?: AbortSignal;
  /** Blocking reads where the file is mined in-process (ReadLinesOptions.blocking); worker threads always block. */
  blocking?: boolean;
}

export interface Segment {
  start: number;
  /** Exclusive. */
  end: number;
}

/** What one segment's mining sends back: per record its last line (segment-local) and its template's index. */
export interface SegmentResult {
  lineCount: number;
  recordCount: number;
  format: LogFormat;
  recordEndLines: Int32Array;
  recordTemplates: Int32Array;
  /** The segment's live templates, line numbers segment-local. */
  templates: LogTemplate[];
}

export interface SegmentTask extends Segment {
  path: string;
  keepRecords?: boolean;
  parser?: LogParserOptions;
  miner?: TemplateMinerOptions;
  blocking?: boolean;
}

export const defaultSegmentBytes = 32 * 1024 * 1024;
export const defaultMinParallelBytes = 256 * 1024 * 1024;
/** Lines looked at after a cut for one that starts a record; files without headers never join lines anyway. */
const maxLinesToRecordStart = 2000;

/**
 * Cuts a file into segments of about segmentBytes, each starting at a line that starts a record: not indented, not a
 * `Caused by:`/exception continuation, and carrying a header when the lines around have headers.
 */
export async function planSegments(path: string, segmentBytes = defaultSegmentBytes): Promise<Segment[]> {
  const size = (await stat(path)).size;
  const count = Math.max(1, Math.ceil(size / Math.max(1, segmentBytes)));
  if (count === 1) return [{ start: 0, end: size }];
  const starts = [0];
  const handle = await open(path, 'r');
  try {
    for (let k = 1; k < count; k++) {
      const cut = await recordStartAfter(handle, Math.floor((size * k) / count), size);
      if (cut > starts[starts.length - 1] && cut < size) starts.push(cut);
    }
  } finally {
    await handle.close();
  }
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : size }));
}

async function recordStartAfter(handle: Awaited<ReturnType<typeof open>>, from: number, size: number): Promise<number> {
  const window = Buffer.alloc(1 << 20);
  const { bytesRead } = await handle.read(window, 0, window.length, from);
  const bytes = window.subarray(0, bytesRead);
  let lineStart = bytes.indexOf(10) + 1;
  if (lineStart === 0) return size;
  const firstCandidate = lineStart;
  for (let n = 0; n < maxLinesToRecordStart; n++) {
    const newline = bytes.indexOf(10, lineStart);
    if (newline < 0) break;
    const text = bytes.toString('utf8', lineStart, newline > lineStart && bytes[newline - 1] === 13 ? newline - 1 : newline);
    if (startsRecord(text)) return from + lineStart;
    lineStart = newline + 1;
  }
  return from + firstCandidate;
}

function startsRecord(text: string): boolean {
  if (text.length === 0) return false;
  const first = text.charCodeAt(0);
  if (first === 32 || first === 9 || isContinuationLine(text, true)) return false;
  return parseLogLine(text).shape !== 'none';
}

/** Reads, parses and mines one segment (in a worker, or in-process when there is no worker). */
export async function mineSegment(task: SegmentTask, signal?: AbortSignal): Promise<SegmentResult> {
  const parser = new LogParser(task.parser);
  const miner = new TemplateMiner(task.miner);
  let endLines = new Int32Array(1 << 16);
  const ids: string[] = [];
  let lineCount = 0;
  const keep = task.keepRecords !== false;
  let recordCount = 0;
  const take = (records: ReturnType<LogParser['push']>): void => {
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const match = miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
      recordCount++;
      if (!keep) continue;
      if (ids.length === endLines.length) {
        const grown = new Int32Array(endLines.length * 2);
        grown.set(endLines);
        endLines = grown;
      }
      endLines[ids.length] = record.endLine;
      ids.push(match.templateId);
    }
  };
  // A worker thread has no event loop to keep responsive; in-process (workers: 0 or no worker script) the caller chose.
  const blocking = !isMainThread || task.blocking === true;
  for await (const lines of readLineBatches(task.path, { startOffset: task.start, endOffset: task.end, signal, blocking })) {
    for (let l = 0; l < lines.length; l++) take(parser.push(lines[l]));
    lineCount = lines[lines.length - 1].line;
  }
  take(parser.flush());
  const templates = miner.templates();
  const indexOf = new Map<string, number>();
  templates.forEach((t, i) => indexOf.set(t.id, i));
  const recordTemplates = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) recordTemplates[i] = indexOf.get(miner.resolveId(ids[i])) ?? -1;
  return { lineCount, recordCount, format: parser.format, recordEndLines: endLines.slice(0, ids.length), recordTemplates, templates };
}

/**
 * Merges segment results, in file order, into one miner: each segment's templates in order of first appearance, line
 * numbers shifted by the lines of the segments before it.
 */
export function mergeSegments(results: SegmentResult[], minerOptions?: TemplateMinerOptions): MinedFile {
  const miner = new TemplateMiner(minerOptions);
  const recordEndLines: number[] = [];
  const recordTemplateIds: string[] = [];
  let lineOffset = 0;
  let recordCount = 0;
  for (const result of results) {
    recordCount += result.recordCount;
    const order = result.templates.map((_, i) => i).sort((a, b) => result.templates[a].firstLine - result.templates[b].firstLine);
    const mergedIds: string[] = new Array(result.templates.length);
    for (const i of order) {
      const t = result.templates[i];
      mergedIds[i] = miner.addMined(t.text.split(' '), {
        id: t.id,
        count: t.count,
        firstLine: t.firstLine + lineOffset,
        lastLine: t.lastLine + lineOffset,
        firstSeen: t.firstSeen,
        lastSeen: t.lastSeen,
      });
    }
    for (let r = 0; r < result.recordEndLines.length; r++) {
      recordEndLines.push(result.recordEndLines[r] + lineOffset);
      recordTemplateIds.push(mergedIds[result.recordTemplates[r]]);
    }
    lineOffset += result.lineCount;
  }
  return {
    // The file's format is decided by its first lines, as one pass would.
    format: results[0]?.format ?? 'unknown',
    lineCount: lineOffset,
    recordCount,
    miner,
    templates: miner.templates(),
    recordEndLines,
    recordTemplateIds,
  };
}

/** The worker entry beside this module: dist/mineWorker.js in bundles, mineWorker.ts under tsx (tests). */
function workerScript(): string | undefined {
  for (const name of ['mineWorker.js', 'mineWorker.ts']) {
    const candidate = join(__dirname, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Young generation of each worker's heap. A segment's records die young, so a small nursery is collected often and
 * cheaply: on a 345 MiB file with 2 workers, 4 MiB gave 97 MiB peak RSS and 5.0 s against 156 MiB and 5.7 s with
 * V8's default (2 MiB: 124 MiB and 6.4 s; 8 MiB: 108 MiB, 5.1 s).
 */
const workerYoungGenerationMb = 4;

/** One worker thread that mines the segments it is given, one at a time. */
class SegmentWorker {
  private readonly worker: Worker;
  private pending: { resolve(result: SegmentResult): void; reject(error: Error): void } | undefined;
  private failure: Error | undefined;

  constructor(script: string) {
    // Under tsx (unit tests) the worker is the TypeScript source: its thread registers tsx's require hook first.
    this.worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true })
      : new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb } });
    this.worker.on('message', (message: { result?: SegmentResult; error?: string }) => {
      const pending = this.pending;
      this.pending = undefined;
      if (message.result) pending?.resolve(message.result);
      else pending?.reject(new Error(message.error ?? 'segment worker failed'));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`segment worker exited with code ${code}`)));
  }

  mine(task: SegmentTask): Promise<SegmentResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    this.pending = undefined;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}

/**
 * Reads, parses and mines a file like mineFile, on several cores when the file is big enough to gain from them. Falls
 * back to one pass for smaller files, and to in-process segments when no worker script is found (the result is the same).
 */
export async function mineFileParallel(path: string, options: ParallelMineOptions = {}): Promise<MinedFile> {
  const small = (await stat(path)).size < (options.minParallelBytes ?? defaultMinParallelBytes);
  const segments = small ? [] : await planSegments(path, options.segmentBytes ?? defaultSegmentBytes);
  const parserOptions: LogParserOptions = {
    sampleLines: options.sampleLines,
    referenceYear: options.referenceYear ?? new Date().getUTCFullYear(),
    maxRecordLines: options.maxRecordLines,
    maxRecordChars: options.maxRecordChars,
  };
  if (segments.length <= 1) return mineFile(path, { ...parserOptions, miner: options.miner, signal: options.signal, keepRecords: options.keepRecords, blocking: options.blocking });
  const tasks: SegmentTask[] = segments.map((s) => ({ ...s, path, parser: parserOptions, miner: options.miner, keepRecords: options.keepRecords, blocking: options.blocking }));
  const script = workerScript();
  const workers = Math.min(tasks.length, options.workers ?? availableParallelism());
  const results: SegmentResult[] = new Array(tasks.length);
  if (script === undefined || workers <= 1) {
    for (let i = 0; i < tasks.length; i++) results[i] = await mineSegment(tasks[i], options.signal);
  } else {
    let next = 0;
    const pool = Array.from({ length: workers }, () => new SegmentWorker(script));
    const lane = async (worker: SegmentWorker): Promise<void> => {
      while (next < tasks.length) {
        options.signal?.throwIfAborted();
        const i = next++;
        results[i] = await worker.mine(tasks[i]);
      }
    };
    try {
      await Promise.all(pool.map(lane));
    } finally {
      await Promise.all(pool.map((worker) => worker.close()));
    }
  }
  return mergeSegments(results, options.miner);
}
