/** Our own retry loop (the openai client's is disabled) so backoff, Retry-After and cancellation are tested here. */
import { LlmAbortError, LlmHttpError, isRetryableLlmError } from './llmError';

export interface RetryOptions {
  /** Retries after the first attempt; 0 means one attempt only. */
  maxRetries: number;
  signal?: AbortSignal;
  /** First backoff step; doubled per retry. */
  baseDelayMs?: number;
  /** No single wait exceeds this, Retry-After included, so a server cannot park us for an hour. */
  maxDelayMs?: number;
  isRetryable?: (error: unknown) => boolean;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

const defaultBaseDelayMs = 500;
const defaultMaxDelayMs = 30_000;

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or retries run out. The wait before retry n is
 * the server's Retry-After when given, else full-jitter exponential backoff: random in [base·2^(n-1)/2, base·2^(n-1)].
 */
export async function retryWithBackoff<T>(attempt: (attemptIndex: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const isRetryable = options.isRetryable ?? isRetryableLlmError;
  const baseDelayMs = options.baseDelayMs ?? defaultBaseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? defaultMaxDelayMs;
  for (let index = 0; ; index++) {
    if (options.signal?.aborted) throw new LlmAbortError();
    try {
      return await attempt(index);
    } catch (error) {
      if (options.signal?.aborted) throw new LlmAbortError();
      if (index >= options.maxRetries || !isRetryable(error)) throw error;
      const delayMs = retryDelayMs(error, index, { baseDelayMs, maxDelayMs, random });
      options.onRetry?.({ attempt: index + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

function retryDelayMs(
  error: unknown,
  index: number,
  limits: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  if (error instanceof LlmHttpError && error.retryAfterMs !== undefined) {
    return Math.min(Math.max(0, error.retryAfterMs), limits.maxDelayMs);
  }
  const ceiling = Math.min(limits.baseDelayMs * 2 ** index, limits.maxDelayMs);
  return Math.round(ceiling / 2 + (limits.random() * ceiling) / 2);
}

/**
 * Reads `retry-after-ms` (OpenAI's, milliseconds) or `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3).
 * Returns undefined when absent or unparseable.
 */
export function parseRetryAfterMs(headers: { get(name: string): string | null } | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get('retry-after');
  if (raw === null || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmAbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new LlmAbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
