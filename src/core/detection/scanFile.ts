/** Read → parse → mine → detect over one whole file: the composition the CLI, the demo and the benchmark share. */
import { readLineBatches } from '../logs/lineReader';
import { LogParser } from '../logs/logParser';
import type { LogFormat, LogRecord } from '../logs/logRecord';
import { templateInput } from '../logs/logPipeline';
import type { LogTemplate } from '../templates/logTemplate';
import { TemplateMiner } from '../templates/templateMiner';
import { anomalyTypes, type Anomaly, type AnomalyType } from './anomaly';
import { AnomalyDetector, type DetectorOptions } from './anomalyDetector';

export interface ScanOptions extends Omit<DetectorOptions, 'file'> {
  signal?: AbortSignal;
  /**
   * Keep a score and anomaly-type marks per physical line (the CLI's `lines` format); 5 bytes per line, plus 12 per
   * record that names a session (a trace or request id, an HDFS block, a Hadoop job, task or container): a flagged
   * line flags the other lines of its session, since the failure is the session's (a block whose write failed).
   */
  perLine?: boolean;
  /** Blocking reads (ReadLinesOptions.blocking): the CLI and benchmarks, never the extension host. */
  blocking?: boolean;
}

export interface ScanResult {
  path: string;
  format: LogFormat;
  lines: number;
  records: number;
  templates: LogTemplate[];
  anomalies: Anomaly[];
  /** Per physical line (index = line number) when `perLine`: the record's score in [0, 1]. */
  lineScores?: Float32Array;
  /** Per physical line when `perLine`: bit i set when the line belongs to a detected anomaly of anomalyTypes[i]. */
  lineTypes?: Uint8Array;
}

const typeIndex = (type: AnomalyType): number => anomalyTypes.indexOf(type);

/** Ids that name one unit of work across many lines in Hadoop-family logs (HDFS blocks, MapReduce/YARN ids). */
const sessionIdPattern = /\b(?:blk_-?\d{6,}|(?:job|task|attempt|application|container)_\d{6,}(?:_[\w]+)*)\b/;
/** Sessions tracked per scan; past it new sessions are not propagated (memory stays bounded on endless ids). */
const maxSessions = 2_000_000;

/** The session a record belongs to, or undefined. */
function sessionOf(record: LogRecord): string | undefined {
  const trace = record.fields.traceId;
  if (typeof trace === 'string' && trace.length > 0) return trace;
  const message = record.message;
  // The underscore screen keeps the regex off the lines that cannot hold such an id.
  if (message.indexOf('_') < 0) return undefined;
  return sessionIdPattern.exec(message)?.[0];
}

/** Records that named a session, as (line, endLine, session index) triples. */
class SessionLines {
  private readonly ids = new Map<string, number>();
  private triples = new Int32Array(3 * 1024);
  private count = 0;

  add(record: LogRecord): void {
    const session = sessionOf(record);
    if (session === undefined) return;
    let index = this.ids.get(session);
    if (index === undefined) {
      if (this.ids.size >= maxSessions) return;
      index = this.ids.size;
      this.ids.set(session, index);
    }
    if (3 * this.count + 3 > this.triples.length) {
      const grown = new Int32Array(this.triples.length * 2);
      grown.set(this.triples);
      this.triples = grown;
    }
    this.triples[3 * this.count] = record.line;
    this.triples[3 * this.count + 1] = record.endLine;
    this.triples[3 * this.count + 2] = index;
    this.count++;
  }

  /** ORs each session's marks into every line of that session. */
  propagate(marks: Uint8Array): void {
    if (this.count === 0) return;
    const sessionMarks = new Uint8Array(this.ids.size);
    const t = this.triples;
    for (let i = 0; i < this.count; i++) {
      for (let line = t[3 * i]!; line <= t[3 * i + 1]! && line < marks.length; line++) sessionMarks[t[3 * i + 2]!]! |= marks[line]!;
    }
    for (let i = 0; i < this.count; i++) {
      const mark = sessionMarks[t[3 * i + 2]!]!;
      if (mark) for (let line = t[3 * i]!; line <= t[3 * i + 1]! && line < marks.length; line++) marks[line]! |= mark;
    }
  }
}

export async function scanFile(path: string, options: ScanOptions = {}): Promise<ScanResult> {
  const parser = new LogParser();
  const miner = new TemplateMiner();
  const detector = new AnomalyDetector({ ...options, file: path });
  let scores = options.perLine ? new Float32Array(1 << 16) : undefined;
  const sessions = options.perLine ? new SessionLines() : undefined;
  let lines = 0;
  const take = (record: LogRecord): void => {
    const match = miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
    const score = detector.push(record, match);
    if (scores) {
      if (record.endLine >= scores.length) {
        const grown = new Float32Array(Math.max(scores.length * 2, record.endLine + 1));
        grown.set(scores);
        scores = grown;
      }
      scores.fill(score, record.line, record.endLine + 1);
      sessions!.add(record);
    }
  };
  for await (const batch of readLineBatches(path, { signal: options.signal, blocking: options.blocking })) {
    for (let l = 0; l < batch.length; l++) {
      const records = parser.push(batch[l]!);
      for (let i = 0; i < records.length; i++) take(records[i]!);
    }
    lines = batch[batch.length - 1]!.line;
  }
  for (const record of parser.flush()) take(record);
  detector.flush();
  const result: ScanResult = {
    path,
    format: parser.format,
    lines,
    records: detector.records,
    templates: miner.templates(),
    anomalies: detector.anomalies(),
  };
  if (scores) {
    result.lineScores = scores.length > lines + 1 ? scores.slice(0, lines + 1) : scores;
    result.lineTypes = new Uint8Array(lines + 1);
    detector.markLines(result.lineTypes, typeIndex);
    sessions!.propagate(result.lineTypes);
  }
  return result;
}
