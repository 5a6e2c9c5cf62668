/** The embedding port, and batching that yields to the event loop so the extension host stays responsive. */

export interface Embedder {
  /** Names the vector space: an index built with another id is rebuilt. E.g. 'builtin-v1'. */
  readonly id: string;
  /** Largest batch worth sending at once (model cost, request size). */
  readonly maxBatchSize?: number;
  /** Vector length; may load the model to find out. */
  dimensions(): Promise<number>;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[] | number[][]>;
}

/** Thrown when an embedder cannot produce vectors (model missing, endpoint down); retrieval falls back to BM25. */
export class EmbedderUnavailableError extends Error {
  override readonly name = 'EmbedderUnavailableError';
}

export interface EmbedBatchOptions {
  signal?: AbortSignal;
  batchSize?: number;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError');
}

/** Embeds in batches, yielding between them; checks the abort signal before each batch. */
export async function embedInBatches(
  embedder: Embedder,
  texts: string[],
  options: EmbedBatchOptions = {},
): Promise<Float32Array[]> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 32, embedder.maxBatchSize ?? Infinity));
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    throwIfAborted(options.signal);
    const batch = texts.slice(start, start + batchSize);
    const result = await embedder.embed(batch, options.signal);
    if (result.length !== batch.length) {
      throw new Error(`embedder ${embedder.id} returned ${result.length} vectors for ${batch.length} texts`);
    }
    for (const vector of result) vectors.push(vector instanceof Float32Array ? vector : Float32Array.from(vector));
    options.onProgress?.(vectors.length, texts.length);
    await yieldToEventLoop();
  }
  return vectors;
}

/** Scales to unit length in place (a zero vector stays zero). */
export function normalizeVector(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
