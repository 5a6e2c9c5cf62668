import { createHash } from 'node:crypto';
import type { Embedder } from '../../core/runbooks/embedder';

export interface FakeEmbedderOptions {
  id?: string;
  dimensions?: number;
  maxBatchSize?: number;
  /** Throw on this embed() call (1-based), to test failure handling. */
  failOnCall?: number;
}

/** Deterministic vectors from a hash of each text; counts calls and texts so tests can assert "nothing embedded". */
export class FakeEmbedder implements Embedder {
  readonly id: string;
  readonly maxBatchSize?: number;
  calls = 0;
  readonly texts: string[] = [];
  private readonly size: number;
  private readonly failOnCall?: number;

  constructor(options: FakeEmbedderOptions = {}) {
    this.id = options.id ?? 'fake-v1';
    this.size = options.dimensions ?? 8;
    this.maxBatchSize = options.maxBatchSize;
    this.failOnCall = options.failOnCall;
  }

  dimensions(): Promise<number> {
    return Promise.resolve(this.size);
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    if (this.calls === this.failOnCall) return Promise.reject(new Error('fake embedder failure'));
    this.texts.push(...texts);
    return Promise.resolve(
      texts.map((text) => {
        const bytes = createHash('sha256').update(text).digest();
        const vector = new Float32Array(this.size);
        for (let i = 0; i < this.size; i++) vector[i] = bytes[i % bytes.length]! / 255 - 0.5;
        return vector;
      }),
    );
  }
}
