/**
 * Physical lines → LogRecords: header/body split per line (headerParser.ts) and multi-line records (stack traces,
 * indented continuations) joined into the record whose header heads them. A record is returned once the next headed
 * line (or flush) proves it complete, so push() returns the previous record, not the current one.
 */
import type { PhysicalLine } from './lineReader';
import type { LogFormat, LogRecord } from './logRecord';
import { ParsedLine, ShapeParser, parseHeader, shapeParser, shapeRank } from './headerParser';

export interface LogParserOptions {
  /** Lines sampled to decide the file's format (the `format` getter). Default 200. */
  sampleLines?: number;
  /** Year for headers that omit it (syslog, Android, Proxifier). Default: the current UTC year. */
  referenceYear?: number;
  /** Bound on physical lines joined into one record. Default 500. */
  maxRecordLines?: number;
  /** Bound on a joined record's raw text in characters. Default 256 Ki. */
  maxRecordChars?: number;
}

/** A line with no header of its own that continues the record above it (stack frames, `Caused by:`, indented text). */
export function isContinuationLine(text: string, pendingIsMultiLine: boolean): boolean {
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9) return text.trim().length > 0;
  if (text.startsWith('Caused by: ') || text.startsWith('Traceback (most recent call last)') || text.startsWith('... ')) return true;
  // `java.lang.IllegalStateException: boom` right under the line that logged it.
  if (/^[A-Za-z][\w$]*(?:\.[\w$]+)+(?:Exception|Error|Throwable)(?::|$)/.test(text)) return true;
  // JavaScript's `TypeError: Cannot read properties of undefined` under the line that logged it.
  if (/^[A-Z]\w*(?:Error|Exception)(?:: |$)/.test(text)) return true;
  // Python's closing `ValueError: bad input` after an indented traceback.
  if (!pendingIsMultiLine) return false;
  return /^[A-Z]\w*(?:Error|Exception|Warning|Interrupt|Exit)(?::|$)/.test(text) || stackFrameTail.test(text);
}

/**
 * How a stack frame ends in Java (`(Foo.java:42)`, `(Native Method)`, logback's ` ~[app.jar:1.0]`), Node (`file.js:3:7)`),
 * Python (`, line 3, in main`), .NET (`:line 42`) and Go (`main.go:42 +0x1d`): a frame that lost its indentation with the
 * start of its line (a torn line, a copy and paste) still belongs to the trace it is in.
 */
const stackFrameTail = /(?:\((?:[\w$.-]+\.(?:java|kt|scala|groovy|clj)(?::\d+)?|Native Method|Unknown Source)\)(?: ~?\[[^\]]*\])?|\.[cm]?[jt]sx?:\d+:\d+\)?|, line \d+, in [\w<>.]+|:line \d+|\.go:\d+(?: \+0x[0-9a-f]+)?)$/;

/** Consecutive lines of a looser shape, missed by the preferred one, before the looser shape is preferred. */
const looserShapeRun = 8;
/** Lines parsed through the whole shape list after the preferred shape changes. */
const confirmLines = 8;
/** One line in this many goes through the whole shape list whatever the preferred shape. */
const recheckEvery = 128;

export class LogParser {
  private pending: LogRecord | undefined;
  private pendingLines: string[] | undefined;
  private pendingMessage: string[] | undefined;
  private preferred: string | undefined;
  private preferredParse: ShapeParser | undefined;
  /** shapeRank of the preferred shape. */
  private preferredRank = Infinity;
  /** Consecutive lines the preferred shape missed that `streakShape` parsed. */
  private streak = 0;
  private streakShape: string | undefined;
  /** Lines still to parse through the whole list since the preferred shape last changed. */
  private confirmLeft = 0;
  /** Lines since one last went through the whole list. */
  private sinceCheck = 0;
  private readonly recentShapes: string[] = [];
  /** shapeParser() of each name in recentShapes, resolved once. */
  private readonly recentParsers: ShapeParser[] = [];
  private readonly sampleLines: number;
  private readonly referenceYear: number;
  private readonly maxRecordLines: number;
  private readonly maxRecordChars: number;
  private readonly formatCounts = new Map<LogFormat, number>();
  private sampled = 0;
  private detected: LogFormat = 'unknown';
  private pendingChars = 0;

  constructor(options: LogParserOptions = {}) {
    this.sampleLines = options.sampleLines ?? 200;
    this.referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
    this.maxRecordLines = options.maxRecordLines ?? 500;
    this.maxRecordChars = options.maxRecordChars ?? 256 * 1024;
  }

  /** The file's format: the most common one among the sampled lines (`unknown` until a headed line is seen). */
  get format(): LogFormat {
    return this.detected;
  }

  /** Feeds one physical line; returns the records it completed (zero or one, two at most with an empty line). */
  push(line: PhysicalLine): LogRecord[] {
    const text = line.text;
    const pending = this.pending;
    const canJoin =
      pending !== undefined &&
      pending.format !== 'unknown' &&
      text.length > 0 &&
      pending.endLine - pending.line + 1 < this.maxRecordLines &&
      this.pendingChars + text.length < this.maxRecordChars;
    // Indented lines never carry a header: join them without parsing. Other lines join only when headerless.
    const first = text.charCodeAt(0);
    if (canJoin && (first === 32 || first === 9) && isContinuationLine(text, true)) {
      this.append(pending, line);
      return [];
    }
    const parsed = this.parse(text);
    if (canJoin && parsed.shape === 'none' && isContinuationLine(text, pending.endLine > pending.line)) {
      this.append(pending, line);
      return [];
    }
    const record = toRecord(line, parsed);
    const out: LogRecord[] = pending === undefined ? [] : [this.complete(pending)];
    if (text.length === 0) {
      out.push(record);
      this.pending = undefined;
      return out;
    }
    this.pending = record;
    this.pendingLines = undefined;
    this.pendingMessage = undefined;
    this.pendingChars = text.length;
    return out;
  }

  /** Returns the record still waiting for continuations (call at end of input or when the tailer goes idle). */
  flush(): LogRecord[] {
    const pending = this.pending;
    if (pending === undefined) return [];
    const record = this.complete(pending);
    this.pending = undefined;
    return [record];
  }

  /** Parses one line's header without touching multi-line state (the `parse` of a single line). */
  parseLine(text: string): ParsedLine {
    return this.parse(text);
  }

  private parse(text: string): ParsedLine {
    let parsed: ParsedLine | undefined;
    // The preferred and recent shapes are a cache of what parseHeader (every shape, strictest first) would say. Right
    // after the preferred shape changes, the next lines go through the whole list instead: if that change came from a
    // torn line that only a loose shape fits (the first line of a file read from the middle of a line), the file's
    // real, stricter shape takes over on the next line rather than the loose one taking every line after it.
    // A loose preferred shape also takes the lines of a stricter format that follows it without ever missing (`iso`
    // takes Windows CBS lines, their component left in the message), so one line in recheckEvery goes through the
    // whole list too.
    const confirming = this.confirmLeft > 0 || ++this.sinceCheck >= recheckEvery;
    if (this.preferredParse !== undefined && !confirming) parsed = this.preferredParse(text, this.referenceYear);
    if (parsed !== undefined) this.streak = 0;
    else {
      if (confirming) {
        if (this.confirmLeft > 0) this.confirmLeft--;
        this.sinceCheck = 0;
      } else {
        // A file that mixes formats cycles through a few shapes: try the recent ones before the full list.
        for (let i = 0; i < this.recentShapes.length && parsed === undefined; i++) {
          if (this.recentShapes[i] !== this.preferred) parsed = this.recentParsers[i](text, this.referenceYear);
        }
      }
      if (parsed === undefined) parsed = parseHeader(text, undefined, this.referenceYear);
      const shape = parsed.shape;
      if (shape === this.preferred) this.streak = 0;
      else if (shape !== 'none') {
        this.streak = shape === this.streakShape ? this.streak + 1 : 1;
        this.streakShape = shape;
        // A shape that parseHeader tries later is looser (`source+epoch` takes a BlueGene/L line as a leading token and
        // an epoch): one malformed line it happens to fit must not make it the file's shape, or it would take every
        // line after it, headers unsplit. It becomes the preferred shape after a run of lines the current one missed.
        const rank = shapeRank(shape);
        if (rank <= this.preferredRank || this.streak >= looserShapeRun) {
          this.preferred = shape;
          this.preferredParse = shapeParser(shape);
          this.preferredRank = rank;
          this.confirmLeft = confirmLines;
        }
        if (!this.recentShapes.includes(shape)) {
          this.recentShapes.unshift(shape);
          this.recentParsers.unshift(shapeParser(shape));
          if (this.recentShapes.length > 4) {
            this.recentShapes.pop();
            this.recentParsers.pop();
          }
        }
      }
    }
    if (this.sampled < this.sampleLines && text.length > 0) {
      this.sampled++;
      const count = (this.formatCounts.get(parsed.format) ?? 0) + 1;
      this.formatCounts.set(parsed.format, count);
      let best: LogFormat = 'unknown';
      let bestCount = 0;
      for (const [format, n] of this.formatCounts) {
        if (format !== 'unknown' && n > bestCount) {
          best = format;
          bestCount = n;
        }
      }
      // A file is `unknown` only when most sampled lines had no header.
      this.detected = bestCount * 2 >= (this.formatCounts.get('unknown') ?? 0) ? best : 'unknown';
    }
    return parsed;
  }

  private append(pending: LogRecord, line: PhysicalLine): void {
    if (this.pendingLines === undefined) {
      this.pendingLines = [pending.raw];
      this.pendingMessage = [pending.message];
    }
    this.pendingLines.push(line.text);
    this.pendingMessage!.push(line.text);
    this.pendingChars += line.text.length + 1;
    pending.endLine = line.line;
  }

  private complete(record: LogRecord): LogRecord {
    if (this.pendingLines !== undefined && this.pending === record) {
      record.raw = this.pendingLines.join('\n');
      record.message = this.pendingMessage!.join('\n');
      this.pendingLines = undefined;
      this.pendingMessage = undefined;
    }
    return record;
  }
}

function toRecord(line: PhysicalLine, parsed: ParsedLine): LogRecord {
  return {
    line: line.line,
    endLine: line.line,
    byteOffset: line.byteOffset,
    raw: line.text,
    format: parsed.format,
    timestamp: parsed.timestamp,
    level: parsed.level,
    host: parsed.host,
    pid: parsed.pid,
    thread: parsed.thread,
    component: parsed.component,
    message: parsed.message,
    fields: parsed.fields,
  };
}

/** Parses one line on its own (no multi-line joining, no per-file shape memory). */
export function parseLogLine(text: string, referenceYear = new Date().getUTCFullYear()): ParsedLine {
  return parseHeader(text, undefined, referenceYear);
}
