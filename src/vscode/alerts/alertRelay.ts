/**
 * Decides which anomalies from the AnomalyStore become webhook alerts, without importing 'vscode' (unit-tested in
 * Node). What the store held when alerting was armed is the baseline: re-reading old logs after a reload, a watch
 * restart or turning alerts on never posts history, only anomalies that start on lines read after arming (or escalate).
 * Failures are logged once per episode, so a dead webhook cannot flood the log.
 */
import type { AlertResult } from '../../core/alerts/webhookAlerter';
import type { Anomaly, AnomalySeverity } from '../../core/detection/anomaly';
import type { Logger } from '../../core/logger';

/** The part of core's WebhookAlerter the relay uses. */
export interface AlertPoster {
  post(anomaly: Anomaly): Promise<AlertResult>;
}

export interface AlertRelayOptions {
  log: Logger;
  /** Lines of `file` the watcher has read so far, or undefined when it does not follow the file. */
  linesRead(file: string): number | undefined;
  /** Called on the first failure of an episode, after it was logged (the adapter may tell the user once). */
  onFailing?(reason: string): void;
}

export interface FileAnomalies {
  file: string;
  anomalies: readonly Anomaly[];
}

const severityRank: Record<AnomalySeverity, number> = { info: 0, warning: 1, error: 2 };
/** Remembered anomaly ids; beyond this the oldest are forgotten (the alerter keeps its own bounded memory too). */
const maxKnown = 10000;

export class AlertRelay {
  private poster: AlertPoster | undefined;
  /** Lines per file that were already read when alerting was armed: anomalies starting on them are history. */
  private readonly baselineLines = new Map<string, number>();
  /** Anomaly id → the severity rank already posted or present at arming. */
  private readonly known = new Map<string, number>();
  private failing = false;
  private rateLimited = false;
  private readonly counts = { sent: 0, skipped: 0, failed: 0 };

  constructor(private readonly options: AlertRelayOptions) {}

  get armed(): boolean {
    return this.poster !== undefined;
  }

  /** What happened since construction: for the test alert command's message and the integration tests. */
  get stats(): Readonly<{ sent: number; skipped: number; failed: number }> {
    return { ...this.counts };
  }

  /** Starts alerting through `poster`; everything in `snapshot` (and every line read so far) is the baseline. */
  arm(poster: AlertPoster, snapshot: readonly FileAnomalies[], followedFiles: readonly string[]): void {
    this.poster = poster;
    this.baselineLines.clear();
    for (const file of followedFiles) this.baselineLines.set(file, this.options.linesRead(file) ?? 0);
    for (const { file, anomalies } of snapshot) {
      for (const anomaly of anomalies) this.remember(anomaly);
      // A file with anomalies the watcher no longer reports on (paused) still has history up to its last anomaly.
      if (!this.baselineLines.has(file)) this.baselineLines.set(file, Math.max(0, ...anomalies.map((a) => a.lastLine)));
    }
    this.options.log.info(`[alerts] on: ${this.baselineLines.size} file(s) and ${this.known.size} anomaly(ies) already seen are not posted`);
  }

  /** Swaps the poster (URL or severity changed) and keeps the baseline. */
  replacePoster(poster: AlertPoster): void {
    if (this.poster) this.poster = poster;
  }

  disarm(): void {
    if (!this.poster) return;
    this.poster = undefined;
    this.options.log.info('[alerts] off');
  }

  /** The store's anomalies of `file` changed: post the new ones. Never throws. */
  async update(file: string, anomalies: readonly Anomaly[]): Promise<void> {
    const poster = this.poster;
    if (!poster) return;
    const baseline = this.baselineLines.get(file);
    const read = this.options.linesRead(file);
    // Lines only grow while a file is followed: fewer means it was truncated, rotated or re-read from the start.
    if (baseline !== undefined && read !== undefined && read < baseline) this.baselineLines.set(file, 0);
    const historyEnds = this.baselineLines.get(file) ?? 0;
    for (const anomaly of anomalies) {
      const known = this.known.get(anomaly.id);
      if (known !== undefined ? severityRank[anomaly.severity] <= known : anomaly.firstLine <= historyEnds) {
        if (known === undefined) this.remember(anomaly);
        continue;
      }
      await this.post(poster, anomaly);
    }
  }

  private async post(poster: AlertPoster, anomaly: Anomaly): Promise<void> {
    let result: AlertResult;
    try {
      result = await poster.post(anomaly);
    } catch (error) {
      result = { kind: 'failed', error: error instanceof Error ? error.message : String(error), attempts: 0 };
    }
    switch (result.kind) {
      case 'sent':
        this.counts.sent++;
        this.remember(anomaly);
        this.options.log.info(`[alerts] posted ${anomaly.severity} anomaly ${anomaly.id} (HTTP ${result.status})`);
        this.rateLimited = false;
        if (this.failing) {
          this.failing = false;
          this.options.log.info('[alerts] the webhook accepts posts again');
        }
        return;
      case 'skipped':
        this.counts.skipped++;
        // Below severity stays unknown so an escalation is still posted; rate-limited ones are tried on the next update.
        if (result.reason === 'duplicate') this.remember(anomaly);
        if (result.reason === 'globalRateLimited' && !this.rateLimited) {
          this.rateLimited = true;
          this.options.log.info(`[alerts] rate limit reached: anomaly ${anomaly.id} and any more before the next post wait for their file's next update`);
        }
        return;
      case 'failed':
        this.counts.failed++;
        if (this.failing) {
          this.options.log.debug(`[alerts] still failing: ${result.error}`);
          return;
        }
        this.failing = true;
        this.options.log.warn(`[alerts] could not post anomaly ${anomaly.id}: ${result.error}. Further failures are not logged until a post succeeds.`);
        this.options.onFailing?.(result.error);
        return;
      default:
        return assertNever(result);
    }
  }

  private remember(anomaly: Anomaly): void {
    const rank = severityRank[anomaly.severity];
    this.known.delete(anomaly.id);
    this.known.set(anomaly.id, rank);
    while (this.known.size > maxKnown) this.known.delete(this.known.keys().next().value!);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected alert result ${JSON.stringify(value)}`);
}
