/**
 * Requires the copilot bundle (dist/copilot.js: runbooks, vectra, embedders, the OpenAI client, @ops, tools, the
 * panel) on first use, never at activation, and holds a placeholder for each of its commands and views until then.
 * Loading is a synchronous require: evaluating the bundle is CPU-bound either way, and it happens on a user action
 * (a command, a chat request, a tool call, a panel restore, a view shown), whose caller then has the copilot at once.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { reportError } from './commands/reportError';
import type { CopilotRuntime, CopilotStartOptions } from './copilot/registerCopilot';

type CopilotBundleExports = typeof import('./copilot/registerCopilot');

export interface LazyBundleStatus {
  /** Absolute path of the bundle: `require.cache` has this key once it is loaded. */
  file: string;
  loaded: boolean;
  /** What asked for it first, e.g. `command:opsCopilot.searchRunbooks`, `chat`, `tool:ops_findAnomalies`, `panel`. */
  loadedBy?: string;
  /** Milliseconds to require the bundle and register its features. */
  loadMs?: number;
  /** Contributed commands that wait for the bundle behind a placeholder (until it loads). */
  placeholders: string[];
  /** Views the bundle creates, held by a placeholder that loads it when the view is first shown. */
  viewPlaceholders: string[];
}

export class LazyCopilot implements vscode.Disposable {
  private runtime?: CopilotRuntime;
  private failure?: Error;
  private loadedBy?: string;
  private loadMs?: number;
  private readonly placeholders = new Map<string, vscode.Disposable>();
  private readonly viewPlaceholders = new Map<string, vscode.Disposable>();
  private readonly loadEmitter = new vscode.EventEmitter<void>();
  /** Fires once, after the bundle loaded and registered its features. */
  readonly onDidLoad = this.loadEmitter.event;

  constructor(
    /** Absolute path of dist/copilot.js. */
    readonly file: string,
    private readonly start: CopilotStartOptions,
    private readonly log: Logger,
  ) {}

  get loaded(): boolean {
    return this.runtime !== undefined;
  }

  /** The copilot, loading the bundle on the first call; throws (every time) if it could not be loaded. */
  load(trigger: string): CopilotRuntime {
    if (this.runtime) return this.runtime;
    if (this.failure) throw this.failure;
    const started = performance.now();
    let bundle: CopilotBundleExports;
    try {
      // A computed path, so esbuild leaves this require alone instead of inlining the bundle into dist/extension.js.
      bundle = require(this.file) as CopilotBundleExports;
    } catch (error) {
      throw this.fail(error);
    }
    // The bundle registers the real commands and views under the same ids: a second registration of a command throws,
    // and a placeholder view disposed after the real one was created would take the real one's provider with it.
    const waiting = [...this.placeholders.keys()];
    const waitingViews = [...this.viewPlaceholders.keys()];
    this.disposePlaceholders();
    try {
      this.runtime = bundle.registerCopilotFeatures(this.start);
    } catch (error) {
      // Keep every command that did not get registered answering with the error rather than "command not found".
      this.registerPlaceholders(waiting);
      this.registerViewPlaceholders(waitingViews);
      throw this.fail(error);
    }
    this.loadedBy = trigger;
    this.loadMs = performance.now() - started;
    this.log.info(`[copilot] loaded ${this.file} in ${this.loadMs.toFixed(1)} ms (first use: ${trigger})`);
    this.loadEmitter.fire();
    return this.runtime;
  }

  /**
   * A placeholder for each id that no one registered yet: it loads the bundle, which registers the real command, and
   * runs that with the same arguments. Ids already registered (activation's own commands) are skipped.
   */
  registerPlaceholders(ids: readonly string[]): void {
    if (this.runtime) return;
    for (const id of ids) {
      if (this.placeholders.has(id)) continue;
      try {
        this.placeholders.set(
          id,
          vscode.commands.registerCommand(id, async (...args: unknown[]) => {
            try {
              this.load(`command:${id}`);
            } catch (error) {
              reportError(this.log, 'Loading the copilot', error);
              return undefined;
            }
            return vscode.commands.executeCommand(id, ...args);
          }),
        );
      } catch {
        // The extension host throws synchronously for an id that is already registered: that command is not ours to hold.
      }
    }
  }

  /**
   * For each view the bundle creates: an empty placeholder whose first request for items (the view is shown) loads the
   * bundle, whose own tree view then takes over. Without it the editor says the view has no data provider.
   */
  registerViewPlaceholders(ids: readonly string[]): void {
    if (this.runtime) return;
    for (const id of ids) {
      if (this.viewPlaceholders.has(id)) continue;
      const view = vscode.window.createTreeView<never>(id, {
        treeDataProvider: {
          getChildren: () => {
            // Not inside this call: loading disposes this placeholder.
            setTimeout(() => {
              try {
                this.load(`view:${id}`);
              } catch (error) {
                reportError(this.log, 'Loading the copilot', error);
              }
            }, 0);
            return [];
          },
          getTreeItem: () => new vscode.TreeItem(''),
        },
      });
      view.message = 'Loading…';
      this.viewPlaceholders.set(id, view);
    }
  }

  status(): LazyBundleStatus {
    return {
      file: this.file,
      loaded: this.loaded,
      loadedBy: this.loadedBy,
      loadMs: this.loadMs,
      placeholders: [...this.placeholders.keys()],
      viewPlaceholders: [...this.viewPlaceholders.keys()],
    };
  }

  dispose(): void {
    this.disposePlaceholders();
    this.loadEmitter.dispose();
  }

  private disposePlaceholders(): void {
    for (const placeholder of [...this.placeholders.values(), ...this.viewPlaceholders.values()]) placeholder.dispose();
    this.placeholders.clear();
    this.viewPlaceholders.clear();
  }

  private fail(error: unknown): Error {
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.log.error(this.failure);
    return this.failure;
  }
}
