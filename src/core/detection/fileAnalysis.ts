/**
 * One file's engine state for a tailing watcher or a one-shot analysis: bytes → lines (LineSplitter) → records
 * (LogParser) → templates (TemplateMiner) → anomalies (AnomalyDetector). It is the FileTailer's sink: a truncation or
 * rotation starts everything afresh, deletion drops it.
 */
import { LineSplitter, looksBinary } from '../logs/lineReader';
import { LogParser } from '../logs/logParser';
import { templateInput } from '../logs/logPipeline';
import type { LogRecord } from '../logs/logRecord';
import type { ResetReason, TailSink } from '../logs/fileTailer';
import { TemplateMiner } from '../templates/templateMiner';
import type { LogTemplate } from '../templates/logTemplate';
import type { Anomaly } from './anomaly';
import { AnomalyDetector } from './anomalyDetector';

export interface FileAnalysisOptions {
  /** The file's path or URI, copied into every anomaly. */
  file: string;
  windowSeconds?: number;
  windowLines?: number;
  /** Ignore entries (template id, `/regex/flags`, `re:regex` or exact template text), e.g. from .ops/ignore.json. */
  ignore?: readonly string[];
  /** Line number of the first byte fed (a selection starting mid-file); default 1. */
  startLine?: number;
  /** Called after a reset or deletion, with why; the owner clears what it showed for this file. */
  onReset?: (reason: ResetReason | 'deleted') => void;
  /** Sees every parsed record, e.g. to keep the per-file health gauge that task live checks read. */
  onRecord?: (record: LogRecord) => void;
}

export interface TimelineBucket {
  /** Epoch ms at the bucket's start, when the file has timestamps; else the first line of the bucket. */
  start: number;
  records: number;
  errors: number;
}

const timelineBuckets = 24;

export class FileAnalysis implements TailSink {
  private splitter!: LineSplitter;
  private parser!: LogParser;
  private miner!: TemplateMiner;
  private detector!: AnomalyDetector;
  private binary = false;
  private recordCount = 0;
  private lineCount = 0;
  private firstTimestamp: number | undefined;
  private lastTimestamp: number | undefined;
  /** Raw per-record samples for the timeline (time or line, and whether it was an error), reservoir-free: bounded. */
  private readonly timelineSamples: Array<[number, boolean]> = [];
  private timelineStride = 1;
  private ignore: string[];
  private dirty = false;

  constructor(private readonly options: FileAnalysisOptions) {
    this.ignore = [...(options.ignore ?? [])];
    this.start();
  }

  private start(): void {
    this.splitter = new LineSplitter(0, this.options.startLine ?? 1);
    this.parser = new LogParser();
    this.miner = new TemplateMiner();
    this.detector = new AnomalyDetector({
      file: this.options.file,
      windowSeconds: this.options.windowSeconds,
      windowLines: this.options.windowLines,
      ignore: this.ignore,
    });
    this.binary = false;
    this.recordCount = 0;
    this.lineCount = 0;
    this.firstTimestamp = undefined;
    this.lastTimestamp = undefined;
    this.timelineSamples.length = 0;
    this.timelineStride = 1;
    this.dirty = true;
  }

  /** True when the file turned out to be binary: it is skipped, not parsed into noise. */
  get isBinary(): boolean {
    return this.binary;
  }

  get records(): number {
    return this.recordCount;
  }

  get lines(): number {
    return this.lineCount;
  }

  reset(reason: ResetReason): void {
    this.start();
    this.options.onReset?.(reason);
  }

  deleted(): void {
    this.start();
    this.options.onReset?.('deleted');
  }

  data(bytes: Uint8Array, offset: number): void {
    if (this.binary) return;
    if (offset === 0 && this.lineCount === 0 && looksBinary(bytes.subarray(0, 1024))) {
      this.binary = true;
      return;
    }
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const line of this.splitter.push(buffer)) {
      this.lineCount = line.line;
      for (const record of this.parser.push(line)) this.take(record);
    }
  }

  /**
   * The writer went quiet: complete the pending record and close the open window so its verdict shows now rather
   * than when the next window starts. An unterminated last line stays pending (the writer may be mid-line).
   */
  idle(): void {
    for (const record of this.parser.flush()) this.take(record);
    this.detector.flush();
    this.dirty = true;
  }

  /** End of input for a one-shot analysis: the unterminated last line counts too. */
  end(): void {
    for (const line of this.splitter.flush()) {
      this.lineCount = line.line;
      for (const record of this.parser.push(line)) this.take(record);
    }
    this.idle();
  }

  /** Adds an ignore entry for the future and for what is already shown (anomalies of that template drop out). */
  addIgnore(entry: string): void {
    if (this.ignore.includes(entry)) return;
    this.ignore.push(entry);
    this.detector.addIgnore(entry);
    this.dirty = true;
  }

  /** Whether anomalies may have changed since the last call (and clears the flag). */
  takeDirty(): boolean {
    const dirty = this.dirty || this.detector.drainChanges().length > 0;
    this.dirty = false;
    return dirty;
  }

  anomalies(): Anomaly[] {
    if (this.ignore.length === 0) return this.detector.anomalies();
    // The detector ignores new records; anomalies raised before the entry was added are filtered here.
    return this.detector.anomalies().filter((anomaly) => !this.isIgnoredAnomaly(anomaly));
  }

  /** The current text of a template id (following merges), for "Ignore this pattern". */
  templateText(templateId: string): string {
    return this.miner.templateOf(this.miner.resolveId(templateId));
  }

  templates(limit = 20): LogTemplate[] {
    return this.miner.templates().slice(0, limit);
  }

  /** Records and errors over the file in equal slices of time (or of lines, for logs without timestamps). */
  timeline(): TimelineBucket[] {
    const samples = this.timelineSamples;
    if (samples.length === 0) return [];
    const first = samples[0]![0];
    const last = samples[samples.length - 1]![0];
    const span = Math.max(1, last - first + 1);
    const width = Math.ceil(span / timelineBuckets);
    const buckets: TimelineBucket[] = [];
    for (let i = 0; i < Math.min(timelineBuckets, Math.ceil(span / width)); i++) {
      buckets.push({ start: first + i * width, records: 0, errors: 0 });
    }
    for (const [at, isError] of samples) {
      const bucket = buckets[Math.min(buckets.length - 1, Math.floor((at - first) / width))]!;
      bucket.records += this.timelineStride;
      if (isError) bucket.errors += this.timelineStride;
    }
    return buckets;
  }

  get timeRange(): { first?: number; last?: number } {
    return { first: this.firstTimestamp, last: this.lastTimestamp };
  }

  private isIgnoredAnomaly(anomaly: Anomaly): boolean {
    return anomaly.templateIds.length > 0 && anomaly.templateIds.every((id) => this.matchesIgnore(id));
  }

  private matchesIgnore(templateId: string): boolean {
    const resolved = this.miner.resolveId(templateId);
    const text = this.miner.templateOf(resolved);
    return this.ignore.some((entry) => {
      if (entry === templateId || entry === resolved || entry === text) return true;
      const slash = /^\/(.+)\/([a-z]*)$/s.exec(entry);
      try {
        if (slash) return new RegExp(slash[1]!, slash[2]!.replace(/[gy]/g, '')).test(text);
        if (entry.startsWith('re:')) return new RegExp(entry.slice(3), 'i').test(text);
      } catch {
        return false;
      }
      return false;
    });
  }

  private take(record: LogRecord): void {
    this.recordCount++;
    const match = this.miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
    this.detector.push(record, match);
    this.options.onRecord?.(record);
    if (record.timestamp !== undefined) {
      this.firstTimestamp ??= record.timestamp;
      this.lastTimestamp = record.timestamp;
    }
    if (this.recordCount % this.timelineStride === 0) {
      const isError = record.level === 'error' || record.level === 'fatal' || (typeof record.fields.status === 'number' && record.fields.status >= 500);
      this.timelineSamples.push([record.timestamp ?? record.line, isError]);
      // Keep the timeline bounded on huge files: halve the samples and double the stride.
      if (this.timelineSamples.length >= 20_000) {
        let kept = 0;
        for (let i = 0; i < this.timelineSamples.length; i += 2) this.timelineSamples[kept++] = this.timelineSamples[i]!;
        this.timelineSamples.length = kept;
        this.timelineStride *= 2;
      }
    }
  }
}
