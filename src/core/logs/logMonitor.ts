/**
 * Watches log files live: chokidar over the matcher's root folders (globs filtered by the matcher, excluded folders
 * pruned), one FileTailer + engine state per file, writes debounced per file (a burst of appends is one read), polls
 * of one file serialised, at most a few files read at once, and a cap on the number of files followed.
 */
import { watch, type FSWatcher } from 'chokidar';
import type { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import { FileTailer, nodeTailFileSystem, type ResetReason, type TailFileSystem, type TailSink } from './fileTailer';
import type { LogPathMatcher } from './logPathMatcher';

/** What the monitor needs from a file's engine state (FileAnalysis implements it). */
export interface MonitoredAnalysis extends TailSink {
  /** The writer went quiet: report what the data so far shows. */
  idle(): void;
  /** Whether results may have changed since the last call. */
  takeDirty(): boolean;
}

export interface LogMonitorHandlers<A extends MonitoredAnalysis> {
  /** Results for this file may have changed (after a read burst, or periodically during a long catch-up). */
  onUpdate(file: string, analysis: A): void;
  /** The file was deleted, truncated or rotated: drop what was shown for it. */
  onClear(file: string, reason: ResetReason | 'deleted'): void;
  /** Files not followed because maxFiles was reached (called again as more are skipped). */
  onSkip?(skipped: readonly string[]): void;
  /** Reading progress of long catch-ups, for a status bar: bytes still to read over all files. */
  onProgress?(scanning: ReadonlyMap<string, { offset: number; size: number }>): void;
  /** The initial walk finished. */
  onReady?(files: number): void;
}

export interface LogMonitorOptions<A extends MonitoredAnalysis> {
  matcher: LogPathMatcher;
  maxFiles: number;
  createAnalysis(file: string): A;
  handlers: LogMonitorHandlers<A>;
  logger: Logger;
  /** Quiet time after a change event before reading (a burst of writes becomes one read). Default 150. */
  debounceMs?: number;
  /** Files read at the same time. Default 2. */
  concurrentReads?: number;
  /** How often a long catch-up reports intermediate results. Default 1000. */
  updateEveryMs?: number;
  fs?: TailFileSystem;
  /** chokidar polling, for file systems without change notifications (network mounts, some containers). */
  usePolling?: boolean;
}

interface Entry<A> {
  file: string;
  tailer: FileTailer;
  analysis: A;
  timer: ReturnType<typeof setTimeout> | undefined;
  polling: boolean;
  again: boolean;
}

export class LogMonitor<A extends MonitoredAnalysis> implements Disposable {
  private readonly entries = new Map<string, Entry<A>>();
  private readonly skipped = new Set<string>();
  private readonly scanning = new Map<string, { offset: number; size: number }>();
  private readonly abort = new AbortController();
  private readonly waiting: Array<() => void> = [];
  private reading = 0;
  private watcher: FSWatcher | undefined;
  private skipTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly debounceMs: number;
  private readonly concurrentReads: number;
  private readonly updateEveryMs: number;
  private readonly fs: TailFileSystem;
  private readyPromise: Promise<void>;
  private resolveReady!: () => void;

  constructor(private readonly options: LogMonitorOptions<A>) {
    this.debounceMs = options.debounceMs ?? 150;
    this.concurrentReads = Math.max(1, options.concurrentReads ?? 2);
    this.updateEveryMs = options.updateEveryMs ?? 1000;
    this.fs = options.fs ?? nodeTailFileSystem;
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
  }

  /** Starts watching; resolves when the initial walk is done (files are then still being read in the background). */
  start(): Promise<void> {
    const { matcher, logger } = this.options;
    const roots = matcher.watchRoots();
    for (const rejected of matcher.rejected) logger.warn(`[watcher] extra path is not absolute, skipped: ${rejected}`);
    logger.info(`[watcher] watching ${roots.length} folder(s): ${roots.join(', ')}`);
    this.watcher = watch(roots, {
      ignored: (p, stats) => matcher.ignores(p, stats),
      ignoreInitial: false,
      persistent: true,
      usePolling: this.options.usePolling ?? false,
      interval: 500,
    });
    this.watcher
      .on('add', (file) => this.onAdd(file))
      .on('change', (file) => this.schedule(file))
      .on('unlink', (file) => this.schedule(file))
      .on('error', (error) => logger.warn(`[watcher] ${error instanceof Error ? error.message : String(error)}`))
      .on('ready', () => {
        logger.info(`[watcher] initial walk done: following ${this.entries.size} file(s)`);
        this.options.handlers.onReady?.(this.entries.size);
        this.resolveReady();
      });
    return this.readyPromise;
  }

  get ready(): Promise<void> {
    return this.readyPromise;
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  analysisOf(file: string): A | undefined {
    return this.entries.get(file)?.analysis;
  }

  /** Reads every file now (after an ignore change, say) rather than on its next change event. */
  pollAll(): void {
    for (const file of this.entries.keys()) this.schedule(file, 0);
  }

  private onAdd(file: string): void {
    if (this.abort.signal.aborted) return;
    if (!this.options.matcher.matchesFile(file)) return;
    if (!this.entries.has(file)) {
      if (this.entries.size >= this.options.maxFiles) {
        if (!this.skipped.has(file)) {
          this.skipped.add(file);
          this.reportSkipped();
        }
        return;
      }
      const analysis = this.options.createAnalysis(file);
      const sink: TailSink = {
        reset: (reason) => {
          this.scanning.delete(file);
          analysis.reset(reason);
          this.options.logger.info(`[watcher] ${file} was ${reason}: reading it again from the start`);
          this.options.handlers.onClear(file, reason);
        },
        data: (bytes, offset) => analysis.data(bytes, offset),
        deleted: () => {
          this.scanning.delete(file);
          analysis.deleted();
          this.options.handlers.onClear(file, 'deleted');
        },
        progress: (offset, size) => {
          this.scanning.set(file, { offset, size });
          this.options.handlers.onProgress?.(this.scanning);
        },
      };
      this.entries.set(file, { file, tailer: new FileTailer(file, this.fs, sink), analysis, timer: undefined, polling: false, again: false });
    }
    this.schedule(file, 0);
  }

  private reportSkipped(): void {
    if (this.skipTimer) return;
    this.skipTimer = setTimeout(() => {
      this.skipTimer = undefined;
      const skipped = [...this.skipped];
      this.options.logger.warn(
        `[watcher] opsCopilot.logs.maxFiles (${this.options.maxFiles}) reached: not following ${skipped.length} file(s): ${skipped.slice(0, 20).join(', ')}${skipped.length > 20 ? ', …' : ''}`,
      );
      this.options.handlers.onSkip?.(skipped);
    }, 500);
  }

  private schedule(file: string, delayMs = this.debounceMs): void {
    const entry = this.entries.get(file);
    if (!entry || this.abort.signal.aborted) return;
    if (entry.polling) {
      entry.again = true;
      return;
    }
    if (entry.timer) return;
    entry.timer = setTimeout(() => void this.poll(entry), delayMs);
  }

  private async poll(entry: Entry<A>): Promise<void> {
    entry.timer = undefined;
    entry.polling = true;
    let lastUpdate = Date.now();
    const publishDuringCatchUp = (): void => {
      if (Date.now() - lastUpdate < this.updateEveryMs) return;
      lastUpdate = Date.now();
      if (entry.analysis.takeDirty()) this.options.handlers.onUpdate(entry.file, entry.analysis);
    };
    try {
      await this.acquire();
      try {
        const progressTimer = setInterval(publishDuringCatchUp, this.updateEveryMs);
        try {
          const outcome = await entry.tailer.poll(this.abort.signal);
          if (outcome === 'deleted' || outcome === 'missing') {
            if (this.entries.get(entry.file) === entry) this.entries.delete(entry.file);
            this.scanning.delete(entry.file);
            return;
          }
        } finally {
          clearInterval(progressTimer);
        }
      } finally {
        this.release();
      }
      if (this.scanning.delete(entry.file)) this.options.handlers.onProgress?.(this.scanning);
      // Close the open window only when no write is waiting: a busy writer's windows close by themselves.
      if (!entry.again) entry.analysis.idle();
      if (entry.analysis.takeDirty() && !this.abort.signal.aborted) this.options.handlers.onUpdate(entry.file, entry.analysis);
    } catch (error) {
      this.options.logger.warn(`[watcher] reading ${entry.file} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      entry.polling = false;
      if (entry.again) {
        entry.again = false;
        this.schedule(entry.file);
      }
    }
  }

  private acquire(): Promise<void> {
    if (this.reading < this.concurrentReads) {
      this.reading++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => { this.reading++; resolve(); }));
  }

  private release(): void {
    this.reading--;
    this.waiting.shift()?.();
  }

  dispose(): void {
    this.abort.abort();
    if (this.skipTimer) clearTimeout(this.skipTimer);
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    this.entries.clear();
    this.scanning.clear();
    this.resolveReady();
    void this.watcher?.close();
  }
}
