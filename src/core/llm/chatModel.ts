/**
 * The port every language model implements: the OpenAI-compatible client here, and the editor's models through the
 * VS Code adapter. Deliberately small (string messages, three roles) so any backend can implement it.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** JSON Schema as a plain object (what `z.toJSONSchema` returns). */
export type JsonSchema = Record<string, unknown>;

/**
 * How a reply is constrained to JSON. A backend that cannot honour the requested format throws
 * `ResponseFormatUnsupportedError`, so callers can step down to the next mode.
 */
export type ResponseFormat = { type: 'json_schema'; name: string; schema: JsonSchema } | { type: 'json_object' };

export interface ChatOptions {
  signal?: AbortSignal;
  /** 0–2; omitted means the backend's default. */
  temperature?: number;
  maxTokens?: number;
}

export interface CompleteOptions extends ChatOptions {
  responseFormat?: ResponseFormat;
}

export interface ChatModel {
  /** Stable per endpoint and model; used as a cache key (e.g. which JSON mode worked). */
  readonly id: string;
  /** Shown to users so they can see who answered, e.g. "Ollama llama3.1 at http://127.0.0.1:11434/v1". */
  describe(): string;
  /** Streams the reply's text as it arrives. Throws `LlmError` subclasses; an aborted signal throws `LlmAbortError`. */
  chat(messages: readonly ChatMessage[], options?: ChatOptions): AsyncIterable<string>;
  /** The whole reply at once. */
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<string>;
}
