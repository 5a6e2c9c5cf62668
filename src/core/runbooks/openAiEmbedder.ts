/** Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp, gateways). */
import OpenAI from 'openai';
import { Embedder, EmbedderUnavailableError, throwIfAborted } from './embedder';

export interface OpenAiEmbedderOptions {
  /** Base URL including /v1, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  model: string;
  /** Local servers ignore it; the SDK insists on one. A function is asked before each request (a key kept in a secret store). */
  apiKey?: string | (() => Promise<string>);
  /** Applied to every text before it leaves the process (redaction for remote endpoints). */
  prepare?: (text: string) => string;
  timeoutMs?: number;
  maxRetries?: number;
  /** A fetch that trusts extra CAs (see core/llm/caFetch.ts). */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly maxBatchSize = 64;
  private readonly client: OpenAI;
  private dimension?: number;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.id = `openai-compatible:${options.model}@${new URL(options.baseUrl).host}`;
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      apiKey: typeof options.apiKey === 'function' ? options.apiKey : options.apiKey || 'not-needed',
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      fetch: options.fetch,
    });
  }

  async dimensions(): Promise<number> {
    if (this.dimension === undefined) await this.embed(['dimension probe']);
    return this.dimension!;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    throwIfAborted(signal);
    if (texts.length === 0) return [];
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      // encoding_format 'float': the SDK otherwise asks for base64, which some compatible servers do not implement.
      response = await this.client.embeddings.create(
        { model: this.options.model, input: this.options.prepare ? texts.map(this.options.prepare) : texts, encoding_format: 'float' },
        { signal },
      );
    } catch (error) {
      if ((error as Error).name === 'AbortError' || signal?.aborted) throw error;
      throw new EmbedderUnavailableError(
        `embedding endpoint ${this.options.baseUrl} (model ${this.options.model}) failed: ${(error as Error).message}`,
      );
    }
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== texts.length) {
      throw new EmbedderUnavailableError(`embedding endpoint returned ${data.length} vectors for ${texts.length} inputs`);
    }
    const vectors = data.map((d) => d.embedding);
    const width = vectors[0]!.length;
    if (width === 0 || vectors.some((v) => !Array.isArray(v) || v.length !== width)) {
      throw new EmbedderUnavailableError('embedding endpoint returned vectors of varying or zero length');
    }
    this.dimension = width;
    return vectors;
  }
}
