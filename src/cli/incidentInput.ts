/** Reads the incident a copilot command works on: --text, --file (or - for stdin), bounded so a huge file is not slurped whole. */
import { open } from 'node:fs/promises';
import { UsageError } from './cliCommand';

/** An incident description or excerpt larger than this is cut: the head says what it is. */
const maxInputBytes = 256 * 1024;

export async function readIncidentText(values: { text?: string; file?: string }, cwd: string): Promise<string> {
  if (values.text !== undefined && values.file !== undefined) throw new UsageError('give either --text or --file, not both');
  if (values.text !== undefined) {
    if (!values.text.trim()) throw new UsageError('--text is empty');
    return values.text;
  }
  if (values.file === undefined) throw new UsageError('nothing to work on: give --text "…" or --file PATH (- for stdin)');
  const text = values.file === '-' ? await readStdin() : await readHead(values.file, cwd);
  if (!text.trim()) throw new UsageError(`${values.file === '-' ? 'stdin' : values.file} is empty`);
  return text;
}

async function readHead(file: string, cwd: string): Promise<string> {
  const { resolve } = await import('node:path');
  let handle;
  try {
    handle = await open(resolve(cwd, file), 'r');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(maxInputBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxInputBytes, 0);
    if (buffer.subarray(0, Math.min(bytesRead, 1024)).includes(0)) throw new Error(`${file} looks binary, not text`);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size >= maxInputBytes) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, maxInputBytes);
}

/** Splits an excerpt into log lines when it reads like a log (most lines start with a timestamp or level), else undefined. */
export function asLogLines(text: string): string[] | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 2) return undefined;
  const logLike = lines.filter((l) => /^\s*(?:\[?\d{4}-\d\d-\d\d|\[?\d\d:\d\d:\d\d|[A-Z][a-z]{2} +\d+ \d\d:|\{"|(?:TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL)\b|level=|ts=|\d+\.\d+\.\d+\.\d+ )/.test(l));
  return logLike.length / lines.length >= 0.5 ? lines : undefined;
}
