/** Splits raw bytes into physical lines: streaming, chunk-boundary safe, bounded memory per line. */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';

export interface PhysicalLine {
  /** 1-based line number in the file. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  byteOffset: number;
  /** The line without its terminator (LF or CRLF); invalid UTF-8 replaced by U+FFFD. */
  text: string;
  /** True when the line was longer than maxLineBytes and cut (the text ends with a marker). */
  truncated: boolean;
}

export interface ReadLinesOptions {
  /** Byte offset to start reading at; it should be the start of a line (e.g. a previous consumedOffset). */
  startOffset?: number;
  /** Line number of the line at startOffset (1 when reading from the start). */
  startLine?: number;
  signal?: AbortSignal;
  /**
   * Byte offset to stop before (exclusive; default: the end of the file). It should be the start of a line: a line
   * that crosses it is cut there and returned as if the file ended (the parallel miner splits files on line starts).
   */
  endOffset?: number;
  /** Lines longer than this many bytes are cut and marked; default 64 KiB. */
  maxLineBytes?: number;
  /**
   * Read chunk size; tests use tiny values to exercise chunk boundaries. Default 64 KiB: each chunk's lines live until
   * the chunk is consumed, and with 1 MiB chunks (~8,000 lines) enough of them survive young-generation GC to grow the
   * old generation (peak RSS 103 MiB vs 73 MiB over 300k lines, same CPU time).
   */
  highWaterMark?: number;
  /**
   * Read with blocking calls on this thread, for callers with no event loop to keep responsive (the CLI, worker
   * threads, benchmarks). An async read is a round trip through libuv's thread pool per chunk, and on a busy 2-core
   * machine the pool's thread waits for a core while this one sits idle: the engine bench file parsed and mined in
   * 1,730 ms instead of 1,850 (means of 3 cold runs each, alternating; its read+split alone 161 vs 223 ms), same peak
   * RSS. Never set it in the extension host, where a slow disk or network share would block every extension.
   */
  blocking?: boolean;
}

export const defaultMaxLineBytes = 65536;
const binaryProbeBytes = 1024;

/** Thrown when a file looks binary (NUL bytes in its first KiB): reading it as lines would only produce noise. */
export class BinaryFileError extends Error {
  override readonly name = 'BinaryFileError';
  constructor(readonly path: string) {
    super(`${path} looks like a binary file (NUL bytes in its first KiB), not a text log; UTF-16 logs must be converted to UTF-8 first`);
  }
}

export function truncationMarker(droppedBytes: number): string {
  return ` …[truncated ${droppedBytes} bytes]`;
}

/** True when the bytes hold a NUL, the cheap signal that a file is binary (or UTF-16). */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

/**
 * Incremental splitter for bytes appended to a file (the tailer feeds it new bytes as they arrive).
 * `push` returns the complete lines the bytes finished; the unfinished tail waits for more bytes or `flush`.
 */
export class LineSplitter {
  private nextOffset: number;
  private nextLine: number;
  /** Bytes of the current unfinished line, kept only up to maxLineBytes (plus a UTF-8 sequence tail). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current line dropped because it was too long. */
  private droppedBytes = 0;
  private pendingStart: number;
  private readonly maxLineBytes: number;
  private atFileStart: boolean;

  constructor(startOffset = 0, startLine = 1, maxLineBytes = defaultMaxLineBytes) {
    this.nextOffset = startOffset;
    this.pendingStart = startOffset;
    this.nextLine = startLine;
    this.maxLineBytes = Math.max(16, maxLineBytes);
    this.atFileStart = startOffset === 0;
  }

  /** Offset just after the last complete line returned: where a later read resumes. */
  get consumedOffset(): number {
    return this.pendingStart;
  }

  /** Line number the next line will get. */
  get nextLineNumber(): number {
    return this.nextLine;
  }

  push(chunk: Buffer): PhysicalLine[] {
    const out: PhysicalLine[] = [];
    let start = 0;
    const length = chunk.length;
    while (start < length) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) {
        this.keep(chunk, start, length);
        break;
      }
      if (this.pendingBytes === 0 && this.droppedBytes === 0) {
        const lineBytes = newline - start;
        if (lineBytes <= this.maxLineBytes) {
          const end = newline > start && chunk[newline - 1] === 13 ? newline - 1 : newline;
          out.push(this.emit(chunk.toString('utf8', start, end), false, lineBytes + 1));
        } else {
          this.keep(chunk, start, newline);
          out.push(this.finishPending(1));
        }
      } else {
        this.keep(chunk, start, newline);
        out.push(this.finishPending(1));
      }
      start = newline + 1;
    }
    return out;
  }

  /** Returns the last line when the input ended without a newline (nothing otherwise). */
  flush(): PhysicalLine[] {
    if (this.pendingBytes === 0 && this.droppedBytes === 0) return [];
    return [this.finishPending(0)];
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const room = this.maxLineBytes - this.pendingBytes;
    const take = Math.min(room, end - start);
    if (take > 0) {
      // Copy: the caller may reuse the chunk's memory (stream buffers), and a partial line must survive it.
      this.pending.push(Buffer.from(chunk.subarray(start, start + take)));
      this.pendingBytes += take;
    }
    this.droppedBytes += end - start - Math.max(take, 0);
  }

  private finishPending(terminatorBytes: number): PhysicalLine {
    let bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const totalBytes = this.pendingBytes + this.droppedBytes;
    let dropped = this.droppedBytes;
    if (dropped === 0 && bytes.length > 0 && bytes[bytes.length - 1] === 13) {
      bytes = bytes.subarray(0, bytes.length - 1);
    } else if (dropped > 0) {
      // Cut on a character boundary so the kept text does not end in a replacement character.
      let lead = bytes.length;
      while (lead > 0 && bytes.length - lead < 3 && (bytes[lead - 1] & 0xc0) === 0x80) lead--;
      if (lead > 0) {
        const first = bytes[lead - 1];
        const expected = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
        if (expected > 1 && bytes.length - (lead - 1) < expected) {
          dropped += bytes.length - (lead - 1);
          bytes = bytes.subarray(0, lead - 1);
        }
      }
    }
    const text = bytes.toString('utf8') + (dropped > 0 ? truncationMarker(dropped) : '');
    this.pending = [];
    this.pendingBytes = 0;
    this.droppedBytes = 0;
    return this.emit(text, dropped > 0, totalBytes + terminatorBytes);
  }

  private emit(text: string, truncated: boolean, consumedBytes: number): PhysicalLine {
    if (this.atFileStart) {
      this.atFileStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 byte order mark
    }
    const line: PhysicalLine = { line: this.nextLine++, byteOffset: this.pendingStart, text, truncated };
    this.nextOffset = this.pendingStart + consumedBytes;
    this.pendingStart = this.nextOffset;
    return line;
  }
}

/**
 * Streams a file's physical lines from a byte offset, one read chunk's lines at a time: callers loop over each batch
 * synchronously, which saves an async generator step (a promise and a microtask) per line — about a third of the cost
 * of splitting itself. Memory stays constant in file size: two read chunks plus at most one line of maxLineBytes. The
 * last line is yielded even without a trailing newline. Batches are never empty.
 *
 * The next chunk is read while the caller works on the current one (two buffers, used in turn). With a read stream the
 * next read started only when the caller came back for more, and the thread waited for the disk (or page cache) at
 * every chunk: ~9% of the time to parse and mine the engine bench file was spent idle.
 * @throws BinaryFileError when the first KiB of the file holds NUL bytes.
 */
export async function* readLineBatches(path: string, options: ReadLinesOptions = {}): AsyncGenerator<PhysicalLine[]> {
  const startOffset = options.startOffset ?? 0;
  const signal = options.signal;
  const handle = await open(path, 'r');
  let inFlight: Promise<number> | undefined;
  try {
    await assertTextHandle(handle, path);
    signal?.throwIfAborted();
    const end = options.endOffset ?? Infinity;
    if (end <= startOffset) return;
    const splitter = new LineSplitter(startOffset, options.startLine ?? 1, options.maxLineBytes ?? defaultMaxLineBytes);
    const chunkBytes = Math.max(1, options.highWaterMark ?? 1 << 16);
    let current = Buffer.allocUnsafe(chunkBytes);
    let spare = Buffer.allocUnsafe(chunkBytes);
    const readInto = (buffer: Buffer, position: number): Promise<number> => {
      const want = Math.min(chunkBytes, end - position);
      if (want <= 0) return Promise.resolve(0);
      if (options.blocking === true) {
        let bytes: number;
        try {
          bytes = readSync(handle.fd, buffer, 0, want, position);
        } catch (error) {
          return Promise.reject(error);
        }
        // Let the event loop turn once per chunk: V8 runs garbage-collection tasks there, and a loop that only awaits
        // resolved promises starves them (bench file: peak RSS 75 -> 91 MiB; a turn every 4 or more chunks: 87-93).
        return new Promise((done) => setImmediate(done, bytes));
      }
      return handle.read(buffer, 0, want, position).then((r) => r.bytesRead);
    };
    let position = startOffset;
    let lookedAgain = false;
    inFlight = readInto(current, position);
    for (;;) {
      const bytes = await inFlight;
      inFlight = undefined;
      signal?.throwIfAborted();
      if (bytes === 0) {
        // That read was started before the caller had the previous lines; look once more so what a growing log
        // appended meanwhile is read too, as a stream that reads on demand would.
        if (lookedAgain) break;
        lookedAgain = true;
        inFlight = readInto(current, position);
        continue;
      }
      lookedAgain = false;
      position += bytes;
      // Start the next read before splitting this chunk; the splitter copies what it keeps, so `current` is free to
      // be read into again once its lines are made.
      inFlight = readInto(spare, position);
      const lines = splitter.push(current.subarray(0, bytes));
      const used = current;
      current = spare;
      spare = used;
      if (lines.length > 0) yield lines;
    }
    const last = splitter.flush();
    if (last.length > 0) yield last;
  } finally {
    // A read still in flight (the caller stopped early) must finish before its handle closes.
    if (inFlight !== undefined) await inFlight.catch(() => 0);
    await handle.close();
  }
}

/** Streams a file's physical lines one by one (readLineBatches for loops that care about the cost per line). */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<PhysicalLine> {
  for await (const lines of readLineBatches(path, options)) {
    for (let i = 0; i < lines.length; i++) yield lines[i];
  }
}

async function assertTextHandle(handle: Awaited<ReturnType<typeof open>>, path: string): Promise<void> {
  const probe = Buffer.alloc(binaryProbeBytes);
  const { bytesRead } = await handle.read(probe, 0, binaryProbeBytes, 0);
  if (looksBinary(probe.subarray(0, bytesRead))) throw new BinaryFileError(path);
}
