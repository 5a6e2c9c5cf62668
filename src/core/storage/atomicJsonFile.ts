/**
 * One JSON document on disk that survives crashes: every save writes a temporary file, fsyncs it and renames it over
 * the old one, so after a kill the file holds the previous or the new content, never a torn mix. Saves are queued and
 * coalesced (the latest snapshot wins), so concurrent updates never interleave their bytes. A file that does not
 * parse or fails its schema is moved aside to `<name>.corrupt-<timestamp>` and reported, never silently dropped.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { Logger } from '../logger';

export type AtomicLoadStatus =
  | { kind: 'ok' }
  | { kind: 'missing' }
  /** The file was unreadable as our format; it now lives at `movedTo` and the store starts empty. */
  | { kind: 'recovered'; movedTo: string; reason: string };

export interface AtomicJsonFileOptions<T> {
  file: string;
  schema: z.ZodType<T>;
  /** The value a missing or corrupt file starts as. */
  empty: () => T;
  clock: Clock;
  logger: Logger;
  /** Tag for log lines, e.g. 'tasks'. */
  component: string;
  /** Turns a value into the file's text; default JSON.stringify. Lets big stores reuse unchanged parts. */
  serialize?: (value: T) => string;
}

export interface AtomicLoadResult<T> {
  value: T;
  status: AtomicLoadStatus;
  /** Temporary files left by writes that were interrupted; removed on load. */
  removedTempFiles: number;
}

const tempSuffix = '.tmp';

export class AtomicJsonFile<T> {
  private writing: Promise<void> | undefined;
  private pending: { value: T; waiters: { resolve: () => void; reject: (error: unknown) => void }[] } | undefined;

  constructor(private readonly options: AtomicJsonFileOptions<T>) {}

  get file(): string {
    return this.options.file;
  }

  async load(): Promise<AtomicLoadResult<T>> {
    const { file, schema, empty, logger, component } = this.options;
    const removedTempFiles = await this.removeStaleTempFiles();
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: empty(), status: { kind: 'missing' }, removedTempFiles };
      throw error;
    }
    let reason: string;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return { value: parsed.data, status: { kind: 'ok' }, removedTempFiles };
      const issue = parsed.error.issues[0];
      reason = `does not match the expected format (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown'})`;
    } catch (error) {
      reason = `is not valid JSON (${(error as Error).message})`;
    }
    const movedTo = await this.moveAside();
    logger.warn(`[${component}] ${path.basename(file)} ${reason}; kept it as ${path.basename(movedTo)} and started empty`);
    return { value: empty(), status: { kind: 'recovered', movedTo, reason }, removedTempFiles };
  }

  /**
   * Queues `value` to be written. Resolves once a write containing it (or a later snapshot) is on disk; rejects if
   * that write fails. While a write runs, newer snapshots replace each other: only the latest is written next.
   */
  save(value: T): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending) {
        this.pending.value = value;
        this.pending.waiters.push({ resolve, reject });
      } else {
        this.pending = { value, waiters: [{ resolve, reject }] };
      }
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Resolves when every queued save has finished (successfully or not). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const { value, waiters } = this.pending;
        this.pending = undefined;
        try {
          const text = this.options.serialize ? this.options.serialize(value) : JSON.stringify(value);
          await writeFileDurably(this.options.file, text + '\n');
          for (const w of waiters) w.resolve();
        } catch (error) {
          this.options.logger.error(`[${this.options.component}] could not save ${this.options.file}: ${(error as Error).message}`);
          for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async moveAside(): Promise<string> {
    const stamp = new Date(this.options.clock.now()).toISOString().replace(/[:.]/g, '-');
    let target = `${this.options.file}.corrupt-${stamp}`;
    for (let n = 1; await exists(target); n++) target = `${this.options.file}.corrupt-${stamp}-${n}`;
    await fs.rename(this.options.file, target);
    return target;
  }

  private async removeStaleTempFiles(): Promise<number> {
    const dir = path.dirname(this.options.file);
    const prefix = `${path.basename(this.options.file)}.`;
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith(tempSuffix) || name.includes('.corrupt-')) continue;
      // Another window may be mid-write right now: only a writer that no longer runs left its temp file for good.
      const pid = Number(name.slice(prefix.length).split('.')[0]);
      if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
      {
        await fs.rm(path.join(dir, name), { force: true });
        removed++;
      }
    }
    if (removed > 0) this.options.logger.info(`[${this.options.component}] removed ${removed} unfinished write(s) of ${prefix.slice(0, -1)}`);
    return removed;
  }
}

/** Temp file + fsync + rename + directory fsync: after a crash the name points at complete old or new bytes. */
export async function writeFileDurably(file: string, data: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}${tempSuffix}`;
  try {
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  // The rename itself is durable only once the directory entry is flushed; not every platform allows opening a dir.
  try {
    const dir = await fs.open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Windows cannot fsync a directory; rename there is already as durable as the platform offers.
  }
}

/** Windows refuses to replace a file another process (indexer, antivirus, a reader) has open for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
