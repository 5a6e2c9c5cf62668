/**
 * Keeps the live checks of open tasks current: whenever the detector's anomalies change, and on a short timer (new
 * healthy lines move the error rate without changing any anomaly, and "quiet for 15 minutes" needs the clock), it
 * evaluates every check against the anomalies shown and the watcher's per-file health. When the last detector check
 * of a task turns green, the user is told once and offered to resolve it.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Clock } from '../../core/clock';
import { systemClock } from '../../core/clock';
import type { FileHealth } from '../../core/tasks/liveChecks';
import type { CheckChange } from '../../core/tasks/taskStore';
import type { AnomalyStore } from '../anomalyStore';
import type { TaskService } from './taskService';

export interface LiveCheckMonitorOptions {
  tasks: TaskService;
  anomalies: AnomalyStore;
  /**
   * The watch scope's per-file health, or undefined while the detector's picture is incomplete: paused (the store is
   * empty, not healthy), or still reading the logs after a start (anomalies not found yet would look cleared).
   */
  health: () => ReadonlyMap<string, FileHealth> | undefined;
  log: Logger;
  clock?: Clock;
  /** Default 2000: a fix shows as green within a couple of seconds of the log saying so. */
  intervalMs?: number;
  onDidChangeChecks?: (changes: readonly CheckChange[]) => void;
}

export class LiveCheckMonitor implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private running: Promise<CheckChange[]> | undefined;
  private again = false;
  private readonly announced = new Set<string>();

  constructor(private readonly options: LiveCheckMonitorOptions) {
    this.disposables.push(options.anomalies.onDidChange(() => this.schedule()));
    this.timer = setInterval(() => this.schedule(), options.intervalMs ?? 2000);
  }

  /** Evaluates now (coalescing with a run in progress); resolves with what changed. */
  evaluate(): Promise<CheckChange[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.evaluateOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
    return this.running;
  }

  dispose(): void {
    clearInterval(this.timer);
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }

  private schedule(): void {
    // Before the store is open there is nothing to check, and opening it is not this timer's job.
    if (!this.options.tasks.current) return;
    void this.evaluate().catch((error: unknown) => this.options.log.warn(`[tasks] live checks: ${(error as Error).message}`));
  }

  private async evaluateOnce(): Promise<CheckChange[]> {
    const store = this.options.tasks.current;
    const files = this.options.health();
    if (!store || !files) return [];
    const snapshot = { now: (this.options.clock ?? systemClock).now(), activeAnomalies: this.options.anomalies.all(), files };
    const changes = await store.evaluateChecks(snapshot);
    if (changes.length === 0) return changes;
    for (const change of changes) this.options.log.info(`[tasks] check ${change.taskId}/${change.checkId} → ${change.status}: ${change.detail}`);
    this.options.onDidChangeChecks?.(changes);
    for (const taskId of new Set(changes.map((c) => c.taskId))) this.announceIfAllPassing(taskId);
    return changes;
  }

  private announceIfAllPassing(taskId: string): void {
    const task = this.options.tasks.current?.get(taskId);
    if (!task) return;
    const watched = task.checks.filter((c) => c.spec.kind !== 'manual');
    const allPassing = watched.length > 0 && watched.every((c) => c.status === 'passing');
    if (!allPassing) {
      this.announced.delete(taskId);
      return;
    }
    if (this.announced.has(taskId)) return;
    this.announced.add(taskId);
    const manual = task.checks.length - watched.length;
    const resolve = 'Resolve Task';
    void vscode.window
      .showInformationMessage(
        `Ops Copilot: every live check of "${task.title}" passes${manual > 0 ? ` (${manual} manual check${manual === 1 ? '' : 's'} left to you)` : ''}.`,
        resolve,
      )
      .then(async (choice) => {
        if (choice !== resolve) return;
        try {
          await this.options.tasks.current?.resolve(taskId, this.options.tasks.who, 'all live checks passed');
        } catch (error) {
          void vscode.window.showWarningMessage(`Ops Copilot: ${(error as Error).message}`);
        }
      });
  }
}
