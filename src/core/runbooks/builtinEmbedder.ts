/**
 * The offline embedder: no model, just hashed features. Word unigrams and bigrams (stemmed, variables masked) carry
 * most of the weight; character 3- to 5-grams of each word catch spelling variants ("evicted"/"evictions",
 * "conn"/"connection", OOMKilled/"oom killed"). Term frequency is sublinear (1 + ln tf) so a repeated word does not
 * dominate, and each feature's sign comes from a second hash so collisions cancel instead of piling up.
 */
import { analyzeTerms, maskLogVariables } from './analyzeTerms';
import { Embedder, normalizeVector, yieldToEventLoop } from './embedder';

export interface BuiltinEmbedderOptions {
  /**
   * Vector length; more dimensions mean fewer collisions and larger indexes. 512: on the labelled query set 1024
   * retrieved no better, while 256 lost recall@1 (bench: retrieval).
   */
  dimensions?: number;
}

/** Feature weights by kind: w word, b word bigram, c character n-gram (many per word, so each counts little). */
const kindWeight: Record<string, number> = { w: 1, b: 0.6, c: 0.25 };
/** How long embed() runs before yielding to the event loop (the host must not block for ~50 ms). */
const sliceMs = 20;

export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly maxBatchSize = 64;
  private readonly size: number;

  constructor(options: BuiltinEmbedderOptions = {}) {
    this.size = options.dimensions ?? 512;
    // The version names the feature recipe: change it whenever the features change, so old indexes are rebuilt.
    this.id = this.size === 512 ? 'builtin-v1' : `builtin-v1-d${this.size}`;
  }

  dimensions(): Promise<number> {
    return Promise.resolve(this.size);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    let sliceStart = performance.now();
    for (const text of texts) {
      if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
      vectors.push(this.embedOne(text));
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    return vectors;
  }

  /** Synchronous embedding of one text, for queries. */
  embedOne(text: string): Float32Array {
    const counts = new Map<string, number>();
    const add = (feature: string): void => {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
    };
    const terms = analyzeTerms(text);
    for (let i = 0; i < terms.length; i++) {
      add('w' + terms[i]);
      if (i + 1 < terms.length) add('b' + terms[i] + ' ' + terms[i + 1]);
    }
    for (const word of maskLogVariables(text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (word.length < 3 || word.length > 40 || /^\d+$/.test(word)) continue;
      const padded = `<${word}>`;
      for (let n = 3; n <= 5; n++) {
        for (let i = 0; i + n <= padded.length; i++) add('c' + padded.slice(i, i + n));
      }
    }
    const vector = new Float32Array(this.size);
    for (const [feature, count] of counts) {
      const hash = fnv1a(feature);
      const index = hash % this.size;
      const sign = hash >>> 31 === 0 ? 1 : -1;
      vector[index]! += sign * kindWeight[feature.charAt(0)]! * (1 + Math.log(count));
    }
    return normalizeVector(vector);
  }
}

/** 32-bit FNV-1a, unsigned. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
