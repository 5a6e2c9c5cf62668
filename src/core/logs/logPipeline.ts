/** Convenience compositions of the reader, the parser and the miner for whole files (CLI, demo, benchmarks). */
import { readLineBatches } from './lineReader';
import { LogParser, LogParserOptions } from './logParser';
import type { LogFormat, LogRecord } from './logRecord';
import { TemplateMiner, TemplateMinerOptions } from '../templates/templateMiner';
import type { LogTemplate } from '../templates/logTemplate';

export interface ReadRecordsOptions extends LogParserOptions {
  startOffset?: number;
  startLine?: number;
  signal?: AbortSignal;
  /** Read chunk size (tests use tiny ones). */
  highWaterMark?: number;
  /** Blocking reads (ReadLinesOptions.blocking): the CLI and benchmarks, never the extension host. */
  blocking?: boolean;
}

/** Streams a file's records (multi-line records joined). */
export async function* readRecords(path: string, options: ReadRecordsOptions = {}): AsyncGenerator<LogRecord> {
  const parser = new LogParser(options);
  for await (const lines of readLineBatches(path, options)) {
    for (let l = 0; l < lines.length; l++) {
      const records = parser.push(lines[l]);
      for (let i = 0; i < records.length; i++) yield records[i];
    }
  }
  for (const record of parser.flush()) yield record;
}

/** The text a record's template is mined from: its message body's first line. */
export function templateInput(record: LogRecord): string {
  const message = record.message;
  const newline = message.indexOf('\n');
  return newline < 0 ? message : message.slice(0, newline);
}

export interface MinedFile {
  format: LogFormat;
  lineCount: number;
  recordCount: number;
  miner: TemplateMiner;
  templates: LogTemplate[];
  /** Per record, in order: its last physical line and the id it was matched to (resolve with miner.resolveId); empty
   * when mined with keepRecords: false. */
  recordEndLines: number[];
  recordTemplateIds: string[];
}

/**
 * Reads, parses and mines a whole file, remembering each record's template id so callers can report every line with
 * its template as it stands at the end (templates generalise while the file is read). Memory: two array slots per
 * record, the miner's templates and one read chunk.
 */
export async function mineFile(
  path: string,
  options: ReadRecordsOptions & { miner?: TemplateMinerOptions; keepRecords?: boolean } = {},
): Promise<MinedFile> {
  const parser = new LogParser(options);
  const miner = new TemplateMiner(options.miner);
  const recordEndLines: number[] = [];
  const recordTemplateIds: string[] = [];
  // Without per-record results (templates and counts only) memory stays flat in file size.
  const keep = options.keepRecords !== false;
  let recordCount = 0;
  let lineCount = 0;
  const take = (record: LogRecord): void => {
    const match = miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
    recordCount++;
    if (!keep) return;
    recordEndLines.push(record.endLine);
    recordTemplateIds.push(match.templateId);
  };
  for await (const lines of readLineBatches(path, options)) {
    for (let l = 0; l < lines.length; l++) {
      const records = parser.push(lines[l]);
      for (let i = 0; i < records.length; i++) take(records[i]);
    }
    lineCount = lines[lines.length - 1].line;
  }
  for (const record of parser.flush()) take(record);
  const templates = miner.templates();
  return {
    format: parser.format,
    lineCount,
    recordCount,
    miner,
    templates,
    recordEndLines,
    recordTemplateIds,
  };
}
