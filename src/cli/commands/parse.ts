/** `ops-copilot parse <file>`: the records as parsed, for debugging a format. */
import { CliCommand } from '../cliCommand';
import { readRecords } from '../../core/logs/logPipeline';
import type { LogRecord } from '../../core/logs/logRecord';
import { OutputBuffer, checkLogFile, describeReadError, parseFileArgs } from './templates';

const usage = `Usage: ops-copilot parse <file> [--format jsonl|text]

Prints the records of a log file as the engine parsed them: line, timestamp, level, host, pid, thread, component,
message (header split off) and structured fields. Multi-line records (stack traces) are one record.
  --format jsonl   one JSON object per record (default)
  --format text    one line per record: line, time, level, component | message
Exit codes: 0 ok, 2 usage or I/O error.`;

function toJson(record: LogRecord): string {
  return JSON.stringify({
    line: record.line,
    endLine: record.endLine,
    byteOffset: record.byteOffset,
    format: record.format,
    timestamp: record.timestamp === undefined ? undefined : new Date(record.timestamp).toISOString(),
    level: record.level,
    host: record.host,
    pid: record.pid,
    thread: record.thread,
    component: record.component,
    message: record.message,
    fields: record.fields,
  });
}

function toText(record: LogRecord): string {
  const time = record.timestamp === undefined ? '-' : new Date(record.timestamp).toISOString();
  const lines = record.endLine > record.line ? `${record.line}-${record.endLine}` : String(record.line);
  const firstLine = record.message.split('\n', 1)[0];
  return `${lines}\t${time}\t${record.level ?? '-'}\t${record.component ?? '-'}\t| ${firstLine}`;
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Print the records of a log file as parsed (for debugging a format)',
  usage,
  async run(args, io) {
    const { file, format } = parseFileArgs(args, ['jsonl', 'text'], 'jsonl');
    const path = await checkLogFile(file, io);
    const out = new OutputBuffer(io.stdout);
    try {
      for await (const record of readRecords(path, { blocking: true })) await out.write((format === 'jsonl' ? toJson(record) : toText(record)) + '\n');
    } catch (error) {
      await out.flush();
      throw describeReadError(file, error);
    }
    await out.flush();
    return 0;
  },
};
