/**
 * Alerts out: posts anomalies at or above a chosen severity to a Slack-compatible incoming webhook. Off unless the
 * adapter builds one (with the URL from SecretStorage). De-duplicated per incident (a growing anomaly keeps its id
 * and is not reposted unless its severity rises), rate-limited per incident and overall (token bucket), every text
 * redacted, one retry on 429/5xx honouring Retry-After. Never throws: every outcome is a returned AlertResult.
 */
import type { Anomaly, AnomalySeverity } from '../detection/anomaly';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { redact as redactSecrets } from '../safety/redactor';
import { buildSlackPayload, SlackPayload } from './slackPayload';
import { TokenBucket } from './tokenBucket';

export type AlertSkipReason = 'belowSeverity' | 'duplicate' | 'incidentRateLimited' | 'globalRateLimited';

export type AlertResult =
  | { kind: 'sent'; status: number; attempts: number }
  | { kind: 'skipped'; reason: AlertSkipReason }
  | { kind: 'failed'; status?: number; error: string; attempts: number };

export interface WebhookAlerterOptions {
  /** The incoming-webhook URL. It is a secret: never logged, never put in results. */
  url: string;
  /** Post anomalies at or above this severity. */
  minSeverity: AnomalySeverity;
  /** Applied to every text that leaves the machine; defaults to the safety redactor (`redact` from core/safety). */
  redact?: (text: string) => { text: string };
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** Waits between attempts; injectable so tests need not sleep. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** At most one message per incident in this interval (a severity rise inside it waits for the next call). */
  perIncidentIntervalMs?: number;
  /** At most this many messages per minute overall (bursts up to the same number). */
  maxPerMinute?: number;
  timeoutMs?: number;
  /** A Retry-After longer than this is not waited for: the post fails and the caller can try later. */
  maxRetryAfterMs?: number;
  /** Shown in the message's context line, e.g. the workspace name. */
  source?: string;
  /** Also send up to three evidence lines (redacted). Off by default: log lines are the most sensitive part. */
  includeEvidence?: boolean;
}

const severityRank: Record<AnomalySeverity, number> = { info: 0, warning: 1, error: 2 };
/** Remembered incidents; beyond this the least recently posted are forgotten (a week of busy logs fits). */
const maxRemembered = 5000;

interface SentState {
  at: number;
  rank: number;
}

export class WebhookAlerter {
  private readonly sent = new Map<string, SentState>();
  private readonly bucket: TokenBucket;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly redact: (text: string) => { text: string };

  constructor(private readonly options: WebhookAlerterOptions) {
    this.redact = options.redact ?? ((text) => redactSecrets(text));
    const perMinute = options.maxPerMinute ?? 6;
    this.bucket = new TokenBucket(perMinute, perMinute / 60000, options.clock);
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /**
   * Posts the anomaly if it passes severity, de-duplication and rate limits. `incidentId` groups anomalies that
   * belong to one incident (defaults to the anomaly id).
   */
  async post(anomaly: Anomaly, context: { incidentId?: string; signal?: AbortSignal } = {}): Promise<AlertResult> {
    try {
      const rank = severityRank[anomaly.severity];
      if (rank < severityRank[this.options.minSeverity]) return { kind: 'skipped', reason: 'belowSeverity' };
      const key = context.incidentId ?? anomaly.id;
      const previous = this.sent.get(key);
      if (previous && rank <= previous.rank) return { kind: 'skipped', reason: 'duplicate' };
      const now = this.options.clock.now();
      if (previous && now - previous.at < (this.options.perIncidentIntervalMs ?? 10 * 60000)) {
        return { kind: 'skipped', reason: 'incidentRateLimited' };
      }
      if (!this.bucket.tryTake()) {
        this.options.logger.debug(`[alerts] rate limit reached, not posting ${key}`);
        return { kind: 'skipped', reason: 'globalRateLimited' };
      }
      // Reserve before awaiting, so a concurrent post of the same incident sees it as a duplicate.
      this.remember(key, { at: now, rank });
      const payload = buildSlackPayload(anomaly, {
        redact: (text) => this.redact(text).text,
        severityRaised: previous !== undefined,
        source: this.options.source,
        includeEvidence: this.options.includeEvidence ?? false,
        now,
      });
      const result = await this.send(payload, context.signal);
      if (result.kind !== 'sent') {
        // Not delivered: forget the reservation so the next detector update can try again.
        if (previous) this.remember(key, previous);
        else this.sent.delete(key);
        this.options.logger.warn(`[alerts] webhook post to ${this.host()} failed: ${result.error}`);
      } else {
        this.options.logger.info(`[alerts] posted ${anomaly.severity} anomaly ${anomaly.id} to ${this.host()}`);
      }
      return result;
    } catch (error) {
      return { kind: 'failed', error: describe(error), attempts: 0 };
    }
  }

  /** Forget an incident (e.g. when its task is resolved), so a recurrence is posted again. */
  forget(incidentId: string): void {
    this.sent.delete(incidentId);
  }

  /** Map order is insertion order: re-inserting keeps the most recently posted last, so the oldest go first. */
  private remember(key: string, state: SentState): void {
    this.sent.delete(key);
    this.sent.set(key, state);
    while (this.sent.size > maxRemembered) this.sent.delete(this.sent.keys().next().value!);
  }

  private async send(payload: SlackPayload, signal: AbortSignal | undefined): Promise<Exclude<AlertResult, { kind: 'skipped' }>> {
    const body = JSON.stringify(payload);
    let attempts = 0;
    for (;;) {
      attempts++;
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10000);
        response = await this.fetchImpl(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          redirect: 'error',
        });
      } catch (error) {
        if (signal?.aborted) return { kind: 'failed', error: 'cancelled', attempts };
        if (attempts >= 2) return { kind: 'failed', error: describe(error), attempts };
        await this.sleep(1000, signal);
        continue;
      }
      // Slack answers "ok"; drain the body either way so the connection is released.
      const text = await response.text().catch(() => '');
      if (response.ok) return { kind: 'sent', status: response.status, attempts };
      const retryable = response.status === 429 || response.status >= 500;
      const waitMs = retryAfterMs(response.headers.get('retry-after'), this.options.clock.now()) ?? 1000;
      if (!retryable || attempts >= 2 || waitMs > (this.options.maxRetryAfterMs ?? 30000)) {
        return { kind: 'failed', status: response.status, error: `HTTP ${response.status}${text ? ` ${this.redact(text.slice(0, 200)).text}` : ''}`, attempts };
      }
      await this.sleep(waitMs, signal);
      if (signal?.aborted) return { kind: 'failed', error: 'cancelled', attempts };
    }
  }

  private host(): string {
    try {
      return new URL(this.options.url).host;
    } catch {
      return 'the webhook';
    }
  }
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    // Error text from fetch never holds the URL, but a cause could: keep only its code.
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
    return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${code}`;
  }
  return String(error);
}
