/**
 * Follows one log file by byte offset: growth reads only the new bytes, truncation (size below the offset) and
 * rotation (the path now names another inode) start over from byte 0, deletion is reported once. Reads go in bounded
 * slices with a yield between them, so a 1 GB file is never held in memory and never blocks the event loop for long.
 */
import { open, stat } from 'node:fs/promises';

export interface FileIdentity {
  size: number;
  /** Inode and device: together they tell a rotated (replaced) file from the one we were reading. */
  ino: number;
  dev: number;
}

/** The file system as the tailer needs it; a port so tests can drive truncation and rotation deterministically. */
export interface TailFileSystem {
  /** undefined when the file does not exist (any other error throws). */
  stat(path: string): Promise<FileIdentity | undefined>;
  /** Reads up to `length` bytes at `position`; fewer at end of file. */
  read(path: string, position: number, length: number): Promise<Uint8Array>;
}

export const nodeTailFileSystem: TailFileSystem = {
  async stat(path) {
    try {
      const s = await stat(path);
      if (!s.isFile()) return undefined;
      return { size: s.size, ino: s.ino, dev: s.dev };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async read(path, position, length) {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};

export type ResetReason = 'truncated' | 'rotated';

/** Receives what the tailer reads; called in file order, never concurrently. */
export interface TailSink {
  /** The file was truncated or replaced: drop all state, bytes start again at offset 0. */
  reset(reason: ResetReason): void;
  /** The next bytes of the file, starting at `offset`. */
  data(bytes: Uint8Array, offset: number): void;
  /** The file is gone. */
  deleted(): void;
  /** Reading progress during a long catch-up (bytes read so far of `size`), after each slice. */
  progress?(offset: number, size: number): void;
}

export interface FileTailerOptions {
  /** First read size; later slices adapt to targetSliceMs. Default 64 KiB. */
  sliceBytes?: number;
  /**
   * Time one slice may hold the event loop in the sink (parsing, mining, detection); the slice size adapts so a
   * slice takes about this long on this machine. Default 25 ms, half the extension host's ~50 ms budget.
   */
  targetSliceMs?: number;
  /** Bounds of the adaptive slice size. Defaults 8 KiB and 1 MiB (memory per read). */
  minSliceBytes?: number;
  maxSliceBytes?: number;
  /** Monotonic milliseconds, for the slice timing (tests pass a fake). */
  now?: () => number;
  /** Called between slices; the default yields to the event loop (setImmediate). */
  yieldBetweenSlices?: () => Promise<void>;
}

export type PollOutcome = 'unchanged' | 'read' | 'reset' | 'deleted' | 'missing' | 'aborted';

const defaultSliceBytes = 64 * 1024;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FileTailer {
  private offset = 0;
  private identity: FileIdentity | undefined;
  private wasPresent = false;
  private sliceBytes: number;
  private readonly targetSliceMs: number;
  private readonly minSliceBytes: number;
  private readonly maxSliceBytes: number;
  private readonly now: () => number;
  private readonly yieldBetweenSlices: () => Promise<void>;

  constructor(
    readonly path: string,
    private readonly fs: TailFileSystem,
    private readonly sink: TailSink,
    options: FileTailerOptions = {},
  ) {
    this.minSliceBytes = Math.max(1, options.minSliceBytes ?? 8 * 1024);
    this.maxSliceBytes = Math.max(this.minSliceBytes, options.maxSliceBytes ?? 1024 * 1024);
    this.sliceBytes = clamp(options.sliceBytes ?? defaultSliceBytes, this.minSliceBytes, this.maxSliceBytes);
    this.targetSliceMs = options.targetSliceMs ?? 25;
    this.now = options.now ?? (() => performance.now());
    this.yieldBetweenSlices = options.yieldBetweenSlices ?? yieldToEventLoop;
  }

  /** Bytes consumed so far. */
  get position(): number {
    return this.offset;
  }

  /**
   * Brings the sink up to date with the file. Must not be called again before the previous call settles (the
   * watcher serialises polls per file). Reads up to the size seen at each slice, so a file growing during a long
   * catch-up is followed to its end.
   */
  async poll(signal?: AbortSignal): Promise<PollOutcome> {
    const current = await this.fs.stat(this.path);
    if (!current) {
      if (!this.wasPresent) return 'missing';
      this.wasPresent = false;
      this.identity = undefined;
      this.offset = 0;
      this.sink.deleted();
      return 'deleted';
    }
    let outcome: PollOutcome = 'unchanged';
    if (this.identity && (current.ino !== this.identity.ino || current.dev !== this.identity.dev)) {
      this.offset = 0;
      this.sink.reset('rotated');
      outcome = 'reset';
    } else if (current.size < this.offset) {
      this.offset = 0;
      this.sink.reset('truncated');
      outcome = 'reset';
    }
    this.identity = current;
    this.wasPresent = true;
    let size = current.size;
    while (this.offset < size) {
      if (signal?.aborted) return 'aborted';
      const bytes = await this.fs.read(this.path, this.offset, Math.min(this.sliceBytes, size - this.offset));
      if (bytes.length === 0) break; // shrank under us; the next poll sees the truncation
      const at = this.offset;
      this.offset += bytes.length;
      const started = this.now();
      this.sink.data(bytes, at);
      this.adaptSlice(bytes.length, this.now() - started);
      if (outcome === 'unchanged') outcome = 'read';
      if (this.offset < size) {
        this.sink.progress?.(this.offset, size);
        await this.yieldBetweenSlices();
        const again = await this.fs.stat(this.path);
        if (!again || again.ino !== current.ino || again.dev !== current.dev || again.size < this.offset) break;
        size = again.size;
      }
    }
    return outcome;
  }

  /** Current slice size in bytes (it adapts to the sink's speed). */
  get currentSliceBytes(): number {
    return this.sliceBytes;
  }

  /** Aims the next slice at targetSliceMs from this slice's speed, moving at most 2× per step to damp noise. */
  private adaptSlice(bytes: number, elapsedMs: number): void {
    if (bytes < this.sliceBytes / 2) return; // a short tail read says little about speed
    const ideal = elapsedMs <= 0 ? this.sliceBytes * 2 : (bytes / elapsedMs) * this.targetSliceMs;
    const next = Math.min(this.sliceBytes * 2, Math.max(this.sliceBytes / 2, ideal));
    this.sliceBytes = Math.round(clamp(next, this.minSliceBytes, this.maxSliceBytes));
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
