/**
 * ChatModel over any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, llama.cpp server, OpenAI, gateways), with
 * our own timeout, retry and cancellation handling around the `openai` client (whose retries are disabled).
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatModel, ChatOptions, CompleteOptions, ResponseFormat } from './chatModel';
import { createCaFetch, FetchFunction } from './caFetch';
import {
  LlmAbortError,
  LlmConnectionError,
  LlmError,
  LlmHttpError,
  LlmStreamError,
  LlmTimeoutError,
  ResponseFormatUnsupportedError,
} from './llmError';
import { abortableSleep, parseRetryAfterMs, retryWithBackoff } from './retryWithBackoff';
import type { Logger } from '../logger';
import { nullLogger } from '../logger';

export interface OpenAiCompatibleOptions {
  /** e.g. http://127.0.0.1:11434/v1 */
  baseUrl: string;
  model: string;
  /** Local servers usually need none; a placeholder is sent because the client requires one. */
  apiKey?: string;
  /** Per attempt: the whole reply for `complete`, the first and every next chunk for `chat`. */
  timeoutMs?: number;
  maxRetries?: number;
  /** PEM text of extra CAs to trust (the caller reads the file: core does no file I/O). */
  caPem?: string;
  /** Replaces the transport entirely (tests, proxies). Wins over `caPem`. */
  fetch?: FetchFunction;
  logger?: Logger;
  /** Injected for tests: the wait between retries, jitter source and the clock for HTTP-date Retry-After. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** First backoff step in ms. */
  retryBaseDelayMs?: number;
}

export type JsonModeSupport = 'json_schema' | 'json_object' | 'none';

export interface ConnectionReport {
  ok: boolean;
  endpoint: string;
  /** Model ids from /models, or undefined when the endpoint does not list them. */
  models?: string[];
  /** Whether the configured model is among the listed ones (undefined when not listed). */
  modelListed?: boolean;
  /** Round trip of the tiny request, in ms. */
  latencyMs?: number;
  jsonMode?: JsonModeSupport;
  /** The start of the tiny request's reply. */
  sample?: string;
  /** Why `ok` is false, or a warning (e.g. models not listed). */
  problems: string[];
}

const placeholderApiKey = 'not-needed';
const defaultTimeoutMs = 60_000;

export class OpenAiCompatibleChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly logger: Logger;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    let baseUrl: URL;
    try {
      baseUrl = new URL(options.baseUrl);
    } catch {
      throw new LlmError(`Invalid LLM base URL '${options.baseUrl}': expected e.g. http://127.0.0.1:11434/v1`);
    }
    if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
      throw new LlmError(`Invalid LLM base URL '${options.baseUrl}': only http and https are supported`);
    }
    if (!options.model.trim()) throw new LlmError('No LLM model name configured.');
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.maxRetries = options.maxRetries ?? 2;
    this.logger = options.logger ?? nullLogger;
    this.id = `openai-compatible:${displayUrl(options.baseUrl)}#${options.model}`;
    const fetch = options.fetch ?? (options.caPem ? createCaFetch(options.caPem) : undefined);
    this.client = new OpenAI({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      apiKey: options.apiKey?.trim() || placeholderApiKey,
      maxRetries: 0,
      // Our own timer aborts first; this is only a backstop.
      timeout: this.timeoutMs + 5_000,
      ...(fetch ? { fetch: fetch as never } : {}),
      logLevel: 'off',
    });
  }

  describe(): string {
    return `${serverKind(this.options.baseUrl)} ${this.options.model} at ${displayUrl(this.options.baseUrl)}`;
  }

  async *chat(messages: readonly ChatMessage[], options: ChatOptions = {}): AsyncIterable<string> {
    const attempt = new AttemptSignal(options.signal, this.timeoutMs);
    try {
      const stream = await this.withRetries(options.signal, async () => {
        attempt.restart();
        try {
          return await this.client.chat.completions.create(
            {
              model: this.options.model,
              messages: toOpenAiMessages(messages),
              stream: true,
              ...samplingParams(options),
            },
            { signal: attempt.signal },
          );
        } catch (error) {
          throw this.toLlmError(error, attempt);
        }
      });
      let finished = false;
      let received = 0;
      attempt.restart();
      try {
        for await (const chunk of stream) {
          attempt.restart();
          const choice = chunk.choices?.[0];
          const text = choice?.delta?.content;
          if (text) {
            received += text.length;
            yield text;
          }
          if (choice?.finish_reason) finished = true;
        }
      } catch (error) {
        const mapped = this.toLlmError(error, attempt);
        if (mapped instanceof LlmAbortError || mapped instanceof LlmTimeoutError) throw mapped;
        throw new LlmStreamError(`The reply stream broke after ${received} characters: ${mapped.message}`, { cause: error });
      }
      // The client ends a stream quietly when its signal fires, so cancellation and idle timeouts are checked here.
      if (options.signal?.aborted) throw new LlmAbortError();
      if (attempt.timedOut) throw new LlmTimeoutError(`No reply chunk within ${this.timeoutMs / 1000}s.`);
      if (!finished) {
        throw new LlmStreamError(`The reply stream ended before the model finished (after ${received} characters).`);
      }
    } finally {
      attempt.dispose();
    }
  }

  async complete(messages: readonly ChatMessage[], options: CompleteOptions = {}): Promise<string> {
    return this.withRetries(options.signal, async () => {
      const attempt = new AttemptSignal(options.signal, this.timeoutMs);
      try {
        const body: ChatCompletionCreateParamsNonStreaming = {
          model: this.options.model,
          messages: toOpenAiMessages(messages),
          ...samplingParams(options),
          ...(options.responseFormat ? { response_format: toOpenAiResponseFormat(options.responseFormat) } : {}),
        };
        // The client reads the body before resolving, so the timer covers the whole reply.
        const completion = await this.client.chat.completions.create(body, { signal: attempt.signal });
        const choice = completion.choices?.[0];
        const content = choice?.message?.content;
        if (typeof content !== 'string' || content.length === 0) {
          throw new LlmError(`The endpoint returned an empty reply (finish_reason: ${choice?.finish_reason ?? 'none'}).`);
        }
        return content;
      } catch (error) {
        throw this.toLlmError(error, attempt, options.responseFormat);
      } finally {
        attempt.dispose();
      }
    });
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    return this.withRetries(signal, async () => {
      const attempt = new AttemptSignal(signal, this.timeoutMs);
      try {
        const page = await this.client.models.list({ signal: attempt.signal });
        return page.data.map((model) => model.id);
      } catch (error) {
        throw this.toLlmError(error, attempt);
      } finally {
        attempt.dispose();
      }
    });
  }

  /**
   * What "Ops: Check LLM Connection" and `--check` report: models listed, a tiny request's latency, and which JSON
   * mode the endpoint honours. Never throws except on cancellation.
   */
  async checkConnection(signal?: AbortSignal): Promise<ConnectionReport> {
    const now = this.options.now ?? Date.now;
    const report: ConnectionReport = { ok: false, endpoint: this.describe(), problems: [] };
    try {
      report.models = await this.listModels(signal);
      report.modelListed = report.models.includes(this.options.model);
      if (!report.modelListed) report.problems.push(`model '${this.options.model}' is not among the ${report.models.length} listed`);
    } catch (error) {
      if (error instanceof LlmAbortError) throw error;
      report.problems.push(`listing models failed: ${errorMessage(error)}`);
    }
    const started = now();
    try {
      const reply = await this.complete([{ role: 'user', content: 'Reply with the single word: pong' }], { signal, maxTokens: 8, temperature: 0 });
      report.latencyMs = now() - started;
      report.sample = reply.trim().slice(0, 40);
      report.ok = true;
    } catch (error) {
      if (error instanceof LlmAbortError) throw error;
      report.problems.push(`the test request failed: ${errorMessage(error)}`);
      return report;
    }
    report.jsonMode = await this.probeJsonMode(signal);
    return report;
  }

  private async probeJsonMode(signal?: AbortSignal): Promise<JsonModeSupport> {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Answer with a JSON object only: {"ok": true}' },
      { role: 'user', content: 'Return {"ok": true}.' },
    ];
    const formats: ResponseFormat[] = [
      {
        type: 'json_schema',
        name: 'probe',
        schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
      },
      { type: 'json_object' },
    ];
    for (const responseFormat of formats) {
      try {
        const reply = await this.complete(messages, { signal, responseFormat, maxTokens: 20, temperature: 0 });
        const parsed: unknown = JSON.parse(reply.trim());
        if (parsed && typeof parsed === 'object' && (parsed as { ok?: unknown }).ok === true) return responseFormat.type;
      } catch (error) {
        if (error instanceof LlmAbortError) throw error;
      }
    }
    return 'none';
  }

  private withRetries<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    return retryWithBackoff(run, {
      maxRetries: this.maxRetries,
      signal,
      sleep: this.options.sleep ?? abortableSleep,
      random: this.options.random,
      baseDelayMs: this.options.retryBaseDelayMs,
      onRetry: ({ attempt, delayMs, error }) =>
        this.logger.warn(`[llm] ${errorMessage(error)}; retry ${attempt}/${this.maxRetries} in ${delayMs} ms`),
    });
  }

  private toLlmError(error: unknown, attempt: AttemptSignal, responseFormat?: ResponseFormat): LlmError {
    if (error instanceof LlmError) return error;
    if (attempt.userAborted) return new LlmAbortError();
    if (attempt.timedOut || error instanceof APIConnectionTimeoutError) {
      return new LlmTimeoutError(`No reply from ${displayUrl(this.options.baseUrl)} within ${this.timeoutMs / 1000}s.`, { cause: error });
    }
    if (error instanceof APIUserAbortError) return new LlmAbortError();
    if (error instanceof APIConnectionError) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Error ? describeCause(cause) : error.message;
      return new LlmConnectionError(`Cannot reach ${displayUrl(this.options.baseUrl)}: ${detail}`, { cause: error });
    }
    if (error instanceof APIError && typeof error.status === 'number') {
      const status = error.status;
      const detail = apiErrorDetail(error);
      if (responseFormat && (status === 400 || status === 422) && /response_format|json_schema|json_object|schema|format/i.test(detail)) {
        return new ResponseFormatUnsupportedError(`The endpoint rejected response_format ${responseFormat.type}: ${detail}`, { cause: error });
      }
      const retryAfterMs = parseRetryAfterMs(error.headers, (this.options.now ?? Date.now)());
      const hint =
        status === 401 || status === 403
          ? ' (check the API key)'
          : status === 404
            ? ` (check the base URL and that model '${this.options.model}' exists)`
            : '';
      return new LlmHttpError(`HTTP ${status} from ${displayUrl(this.options.baseUrl)}${hint}: ${detail}`, status, retryAfterMs, { cause: error });
    }
    if (error instanceof SyntaxError) return new LlmStreamError(`Malformed reply from the endpoint: ${error.message}`, { cause: error });
    return new LlmError(errorMessage(error), { cause: error });
  }
}

/** One attempt's signal: the caller's signal plus a restartable timer (a whole-reply or idle timeout). */
class AttemptSignal {
  private controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  timedOut = false;
  private readonly onUserAbort = (): void => this.controller.abort();

  constructor(
    private readonly userSignal: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
    if (userSignal?.aborted) this.controller.abort();
    this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get userAborted(): boolean {
    return this.userSignal?.aborted === true;
  }

  /** A fresh timer; a new controller only if the previous one fired (a retry needs a live signal). */
  restart(): void {
    if (this.controller.signal.aborted && !this.userAborted) {
      this.controller = new AbortController();
      this.timedOut = false;
    }
    this.arm();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const controller = this.controller;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      controller.abort();
    }, this.timeoutMs);
  }
}

function toOpenAiMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message) => ({ role: message.role, content: message.content }));
}

function samplingParams(options: ChatOptions): { temperature?: number; max_tokens?: number } {
  return {
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
  };
}

function toOpenAiResponseFormat(format: ResponseFormat): ChatCompletionCreateParamsNonStreaming['response_format'] {
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: false } };
}

function apiErrorDetail(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : error.message;
  return message.replace(/\s+/g, ' ').slice(0, 300);
}

function describeCause(cause: Error): string {
  const inner = (cause as { cause?: unknown }).cause;
  const code = (inner as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown }).code;
  const innerMessage = inner instanceof Error ? inner.message : undefined;
  return [code, innerMessage ?? cause.message].filter(Boolean).join(' ');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The base URL without credentials or query, safe to show and log. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return baseUrl;
  }
}

/** A friendly name for well-known servers, guessed from host and default port. */
export function serverKind(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'OpenAI-compatible endpoint';
  }
  const host = url.hostname;
  if (host === 'api.openai.com') return 'OpenAI';
  if (host.endsWith('.openai.azure.com') || host.endsWith('.azure.com')) return 'Azure OpenAI';
  if (host === 'openrouter.ai') return 'OpenRouter';
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
  if (local && url.port === '11434') return 'Ollama';
  if (local && url.port === '1234') return 'LM Studio';
  return 'OpenAI-compatible endpoint';
}
