/** `ops-copilot templates <file>`: the message templates of a log, per line (jsonl) or by count (text). */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { CliCommand, CliIo, UsageError } from '../cliCommand';
import { mineFileParallel } from '../../core/logs/parallelMine';
import { BinaryFileError } from '../../core/logs/lineReader';

const usage = `Usage: ops-copilot templates <file> [--format jsonl|text]

Mines the message templates of a log file (header split off, variables written <*>).
  --format jsonl   one JSON object per input line, in order: {"line":n,"templateId":"…","template":"…"}
                   (the template as it stands after the whole file was read)
  --format text    templates by count, for people (default)
A file over 32 MiB is mined in segments on all cores and the segments' templates merged in file order.
Exit codes: 0 ok, 2 usage or I/O error.`;

/** Parses `<file> [--format a|b]` for the log commands; throws UsageError with one line. */
export function parseFileArgs(args: string[], formats: string[], defaultFormat: string): { file: string; format: string } {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', short: 'f' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const format = parsed.values.format ?? defaultFormat;
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')} (got '${format}')`);
  if (parsed.positionals.length !== 1) throw new UsageError(`expected exactly one log file (got ${parsed.positionals.length})`);
  return { file: parsed.positionals[0], format };
}

/** Resolves and checks a log file argument so the user gets one clear sentence instead of an errno dump. */
export async function checkLogFile(file: string, io: CliIo): Promise<string> {
  const path = resolve(io.cwd, file);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `cannot read ${file}: no such file` : `cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  if (!info.isFile()) throw new Error(`cannot read ${file}: not a regular file`);
  return path;
}

/** Turns reader errors into one-line messages. */
export function describeReadError(file: string, error: unknown): Error {
  if (error instanceof BinaryFileError) return new Error(`${file} looks binary (NUL bytes in its first KiB), not a text log`);
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return new Error(`cannot read ${file}: ${code}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Batches output and honours back-pressure so a million lines neither pile up in memory nor crawl. */
export class OutputBuffer {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((done) => this.stream.once('drain', done));
  }
}

export const templatesCommand: CliCommand = {
  name: 'templates',
  summary: 'Mine the message templates of a log file',
  usage,
  async run(args, io) {
    const { file, format } = parseFileArgs(args, ['jsonl', 'text'], 'text');
    const path = await checkLogFile(file, io);
    let mined;
    try {
      // Only the per-line listing needs each record's template; the summary keeps memory flat in file size.
      mined = await mineFileParallel(path, { keepRecords: format === 'jsonl', blocking: true });
    } catch (error) {
      throw describeReadError(file, error);
    }
    const out = new OutputBuffer(io.stdout);
    if (format === 'jsonl') {
      const { miner, recordEndLines, recordTemplateIds } = mined;
      const resolved = new Map<string, { id: string; json: string }>();
      let line = 1;
      for (let r = 0; r < recordEndLines.length; r++) {
        const id = recordTemplateIds[r];
        let entry = resolved.get(id);
        if (entry === undefined) {
          const finalId = miner.resolveId(id);
          entry = { id: finalId, json: `"templateId":${JSON.stringify(finalId)},"template":${JSON.stringify(miner.templateOf(id))}}\n` };
          resolved.set(id, entry);
        }
        for (; line <= recordEndLines[r]; line++) await out.write(`{"line":${line},${entry.json}`);
      }
    } else {
      const { templates } = mined;
      await out.write(`${file}: format ${mined.format}, ${mined.lineCount} lines, ${mined.recordCount} records, ${templates.length} templates\n`);
      const width = String(templates[0]?.count ?? 0).length;
      for (const t of templates) await out.write(`${String(t.count).padStart(width)}  ${t.id}  ${t.text}\n`);
    }
    await out.flush();
    return 0;
  },
};
