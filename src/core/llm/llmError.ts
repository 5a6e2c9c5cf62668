/** Typed failures of a language model call, so callers can tell "retry later" from "fix your settings". */

export class LlmError extends Error {
  override readonly name: string = 'LlmError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The request was cancelled by the caller's AbortSignal. */
export class LlmAbortError extends LlmError {
  override readonly name = 'LlmAbortError';
  constructor(message = 'The LLM request was cancelled.') {
    super(message);
  }
}

/** No reply (or no next chunk of a streamed reply) within the configured timeout. */
export class LlmTimeoutError extends LlmError {
  override readonly name = 'LlmTimeoutError';
}

/** The endpoint could not be reached (refused, reset, DNS, TLS). */
export class LlmConnectionError extends LlmError {
  override readonly name = 'LlmConnectionError';
}

/** The endpoint answered with an HTTP error status. */
export class LlmHttpError extends LlmError {
  override readonly name = 'LlmHttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A streamed reply ended before the model finished (connection dropped mid-way, malformed event). */
export class LlmStreamError extends LlmError {
  override readonly name = 'LlmStreamError';
}

/** The backend rejected the requested `response_format`; the caller should try a simpler JSON mode. */
export class ResponseFormatUnsupportedError extends LlmError {
  override readonly name = 'ResponseFormatUnsupportedError';
}

/** True for failures worth retrying: rate limits, server errors, connection problems and timeouts. */
export function isRetryableLlmError(error: unknown): boolean {
  if (error instanceof LlmHttpError) return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
  return error instanceof LlmConnectionError || error instanceof LlmTimeoutError;
}
