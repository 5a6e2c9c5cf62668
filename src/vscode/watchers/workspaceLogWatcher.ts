/**
 * The watch scope's core: a LogMonitor over the workspace folders and opsCopilot.logs.extraPaths, each file's
 * anomalies pushed into the AnomalyStore, `.ops/ignore.json` of each folder honoured, scanning progress reported.
 * Rebuilt (not patched) when the globs or detection settings change.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileAnalysis } from '../../core/detection/fileAnalysis';
import { ignoreFileRelativePath, parseIgnoreFile, trustedIgnoreEntries } from '../../core/detection/ignoreFile';
import type { Disposable } from '../../core/lifecycle';
import type { Logger } from '../../core/logger';
import { LogMonitor } from '../../core/logs/logMonitor';
import { LogPathMatcher } from '../../core/logs/logPathMatcher';
import type { Settings } from '../../core/settings';
import { FileHealthTracker } from '../../core/tasks/fileHealthTracker';
import type { AnomalyStore } from '../anomalyStore';

export interface ScanProgress {
  files: number;
  /** 0..1 over the files being caught up. */
  fraction: number;
}

export interface WorkspaceLogWatcherOptions {
  settings: Settings;
  store: AnomalyStore;
  log: Logger;
  onScanProgress(progress: ScanProgress | undefined): void;
  onSkipped(skipped: readonly string[]): void;
}

export class WorkspaceLogWatcher implements Disposable {
  private readonly monitor: LogMonitor<FileAnalysis>;
  /** Ignore entries per workspace folder path, from its .ops/ignore.json. */
  private readonly ignoreByFolder = new Map<string, string[]>();
  private readonly shownFiles = new Set<string>();
  /** Recent error rate and p95 per file against a baseline: what task live checks ("back under baseline") read. */
  readonly health = new FileHealthTracker();
  private walked = false;
  private scanningFiles = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly options: WorkspaceLogWatcherOptions) {
    const { settings, log } = options;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const matcher = new LogPathMatcher({
      folders,
      include: settings['logs.include'],
      exclude: settings['logs.exclude'],
      extraPaths: settings['logs.extraPaths'],
    });
    this.monitor = new LogMonitor<FileAnalysis>({
      matcher,
      maxFiles: settings['logs.maxFiles'],
      logger: log,
      createAnalysis: (file) =>
        new FileAnalysis({
          file,
          windowSeconds: settings['detection.windowSeconds'],
          windowLines: settings['detection.windowLines'],
          ignore: this.ignoreEntriesFor(file),
          onRecord: (record) => this.health.observe(file, record),
        }),
      handlers: {
        onUpdate: (file, analysis) => {
          this.shownFiles.add(file);
          options.store.set(file, analysis.isBinary ? [] : analysis.anomalies());
        },
        onClear: (file) => {
          this.shownFiles.delete(file);
          this.health.reset(file);
          options.store.clear(file);
        },
        onSkip: (skipped) => options.onSkipped(skipped),
        onProgress: (scanning) => {
          this.scanningFiles = scanning.size;
          if (scanning.size === 0) return options.onScanProgress(undefined);
          let read = 0;
          let total = 0;
          for (const { offset, size } of scanning.values()) {
            read += offset;
            total += size;
          }
          options.onScanProgress({ files: scanning.size, fraction: total > 0 ? read / total : 0 });
        },
      },
    });
    const ignoreWatcher = vscode.workspace.createFileSystemWatcher(`**/${ignoreFileRelativePath}`);
    this.disposables.push(
      ignoreWatcher,
      ignoreWatcher.onDidChange(() => void this.reloadIgnores()),
      ignoreWatcher.onDidCreate(() => void this.reloadIgnores()),
      ignoreWatcher.onDidDelete(() => void this.reloadIgnores()),
    );
  }

  /** Loads the ignore files, then starts watching; resolves after the initial walk. */
  async start(): Promise<void> {
    await this.loadIgnores();
    if (this.disposed) return;
    await this.monitor.start();
    this.walked = true;
  }

  /**
   * True once the initial walk is done and no file is being caught up on: before that, what the store shows is a
   * partial picture (anomalies not found yet would look cleared).
   */
  get settled(): boolean {
    return this.walked && this.scanningFiles === 0 && !this.disposed;
  }

  get files(): string[] {
    return this.monitor.files();
  }

  analysisOf(file: string): FileAnalysis | undefined {
    return this.monitor.analysisOf(file);
  }

  /** Applies a newly added ignore entry at once to every file of that folder. */
  applyIgnore(folder: string, entry: string): void {
    const entries = this.ignoreByFolder.get(folder) ?? [];
    if (!entries.includes(entry)) entries.push(entry);
    this.ignoreByFolder.set(folder, entries);
    for (const file of this.monitor.files()) {
      if (!isInside(file, folder)) continue;
      const analysis = this.monitor.analysisOf(file);
      if (!analysis) continue;
      analysis.addIgnore(entry);
      if (analysis.takeDirty()) this.options.store.set(file, analysis.anomalies());
    }
  }

  private ignoreEntriesFor(file: string): string[] {
    const entries: string[] = [];
    for (const [folder, folderEntries] of this.ignoreByFolder) if (isInside(file, folder)) entries.push(...folderEntries);
    return entries;
  }

  private async loadIgnores(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const uri = vscode.Uri.joinPath(folder.uri, ignoreFileRelativePath);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // no ignore file
      }
      const parsed = parseIgnoreFile(text);
      if (!parsed.ok) {
        this.options.log.warn(`[watcher] ${uri.fsPath} ignored: ${parsed.error}`);
        continue;
      }
      const entries = trustedIgnoreEntries(parsed.file.patterns, vscode.workspace.isTrusted);
      if (entries.length < parsed.file.patterns.length) {
        this.options.log.info(`[watcher] untrusted workspace: regular expressions in ${uri.fsPath} are not used`);
      }
      this.ignoreByFolder.set(folder.uri.fsPath, entries);
    }
  }

  private async reloadIgnores(): Promise<void> {
    const before = JSON.stringify([...this.ignoreByFolder]);
    this.ignoreByFolder.clear();
    await this.loadIgnores();
    if (this.disposed || JSON.stringify([...this.ignoreByFolder]) === before) return;
    for (const [folder, entries] of this.ignoreByFolder) for (const entry of entries) this.applyIgnore(folder, entry);
    this.options.log.info('[watcher] .ops/ignore.json changed: applied to the files being watched');
  }

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.monitor.dispose();
    for (const file of this.shownFiles) this.options.store.clear(file);
    this.shownFiles.clear();
    this.options.onScanProgress(undefined);
  }
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel.length > 0 && !rel.startsWith('..') && !path.isAbsolute(rel);
}
