/**
 * The facade the extension, the CLI and the copilot use: load runbooks from folders, keep the chunk index up to date
 * incrementally, search, look runbooks up. No 'vscode' here; the adapter adds watching and a lazy getter.
 */
import type { Logger } from '../logger';
import { Embedder, normalizeVector } from './embedder';
import { HybridRetriever, RetrievalWeights, RunbookHit, VectorRankEntry } from './hybridRetriever';
import { loadRunbooks, RunbookSource } from './loadRunbooks';
import { Runbook, RunbookCategory, RunbookChunk, chunkEmbeddingText } from './runbook';
import { ChunkOptions, chunkRunbook } from './runbookChunker';
import { maskLogVariables } from './analyzeTerms';
import { contentHash, IndexSyncResult, VectorIndex } from './vectraChunkIndex';

export interface RunbookLibraryOptions {
  sources: RunbookSource[];
  log: Logger;
  /** Without an embedder and index, retrieval is lexical and signal matching only. */
  embedder?: Embedder;
  vectorIndex?: VectorIndex;
  chunkOptions?: ChunkOptions;
  /** RRF weights of the lexical, vector and signal lists (default 1 each). */
  weights?: RetrievalWeights;
}

export interface RefreshOptions {
  signal?: AbortSignal;
  onProgress?: (embedded: number, total: number) => void;
}

export interface RefreshResult extends IndexSyncResult {
  runbooks: number;
  chunks: number;
  problems: string[];
  /** False when the embedder failed and search runs without vectors. */
  vectors: boolean;
}

export interface SearchOptions {
  /** Results wanted, default 5. */
  k?: number;
  category?: RunbookCategory;
  signal?: AbortSignal;
}

/** How many vector hits feed the fusion. */
const vectorDepth = 100;

export class RunbookLibrary {
  private sources: RunbookSource[];
  private runbooks = new Map<string, Runbook>();
  private retriever?: HybridRetriever;
  private keyToChunks = new Map<string, number[]>();
  private vectorsReady = false;
  private refreshing?: Promise<RefreshResult>;
  private stale = true;
  /** Chunk text → analysed terms, carried across refreshes so unchanged chunks are not re-analysed. */
  private termCache = new Map<string, string[]>();

  constructor(private readonly options: RunbookLibraryOptions) {
    this.sources = options.sources;
  }

  /** Replaces the folders (e.g. after a settings change); the next search or refresh reloads. */
  setSources(sources: RunbookSource[]): void {
    this.sources = sources;
    this.stale = true;
  }

  /** Marks the library out of date (a watched file changed); the next search refreshes first. */
  invalidate(): void {
    this.stale = true;
  }

  get embedderId(): string | undefined {
    return this.options.embedder?.id;
  }

  /**
   * Reloads every runbook and brings the vector index up to date, embedding only new or changed chunks. Concurrent
   * calls share one run.
   */
  refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
    if (!this.refreshing) {
      this.stale = false;
      this.refreshing = this.refreshNow(options).finally(() => (this.refreshing = undefined));
    }
    return this.refreshing;
  }

  async search(query: string, options: SearchOptions = {}): Promise<RunbookHit[]> {
    if (this.stale || !this.retriever) await this.refresh({ signal: options.signal });
    const retriever = this.retriever!;
    let vectorRanking: VectorRankEntry[] | undefined;
    const { embedder, vectorIndex } = this.options;
    if (embedder && vectorIndex && this.vectorsReady && query.trim() !== '') {
      try {
        const [raw] = await embedder.embed([maskLogVariables(query)], options.signal);
        const vector = normalizeVector(raw instanceof Float32Array ? Float32Array.from(raw) : Float32Array.from(raw!));
        const hits = await vectorIndex.query(vector, vectorDepth);
        vectorRanking = hits.flatMap((h) => (this.keyToChunks.get(h.key) ?? []).map((chunk) => ({ chunk, score: h.score })));
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        this.options.log.warn(`[runbooks] vector search failed, using keywords only: ${(error as Error).message}`);
      }
    }
    return retriever.rank(query, { k: options.k ?? 5, vectorRanking, category: options.category });
  }

  getRunbook(id: string): Runbook | undefined {
    return this.runbooks.get(id);
  }

  list(): Runbook[] {
    return [...this.runbooks.values()];
  }

  /** Runbooks grouped by category (those without one under 'Uncategorized'), each group sorted by title. */
  listByCategory(): Map<RunbookCategory | 'Uncategorized', Runbook[]> {
    const groups = new Map<RunbookCategory | 'Uncategorized', Runbook[]>();
    for (const runbook of this.list()) {
      const key = runbook.category ?? 'Uncategorized';
      groups.set(key, [...(groups.get(key) ?? []), runbook]);
    }
    for (const group of groups.values()) group.sort((a, b) => a.title.localeCompare(b.title));
    return groups;
  }

  get chunks(): readonly RunbookChunk[] {
    return this.retriever?.chunks ?? [];
  }

  private async refreshNow(options: RefreshOptions): Promise<RefreshResult> {
    const { log, embedder, vectorIndex } = this.options;
    const loaded = await loadRunbooks(this.sources, options.signal);
    for (const problem of loaded.problems) log.warn(`[runbooks] ${problem}`);
    const chunks = loaded.runbooks.flatMap((r) => chunkRunbook(r, this.options.chunkOptions));
    this.runbooks = new Map(loaded.runbooks.map((r) => [r.id, r]));
    const termCache = new Map<string, string[]>();
    for (const chunk of chunks) {
      const text = chunkEmbeddingText(chunk);
      const terms = this.termCache.get(text);
      if (terms) termCache.set(text, terms);
    }
    this.retriever = new HybridRetriever(loaded.runbooks, chunks, termCache, this.options.weights);
    this.termCache = termCache;

    const result: RefreshResult = {
      runbooks: loaded.runbooks.length,
      chunks: chunks.length,
      problems: loaded.problems,
      embedded: 0,
      deleted: 0,
      kept: 0,
      vectors: false,
    };
    this.vectorsReady = false;
    if (!embedder || !vectorIndex) return result;

    const keyToChunks = new Map<string, number[]>();
    const entries = chunks.map((chunk, i) => {
      const text = chunkEmbeddingText(chunk);
      const key = contentHash(embedder.id, text);
      keyToChunks.set(key, [...(keyToChunks.get(key) ?? []), i]);
      return { key, text, label: `${chunk.runbookId}:${chunk.startLine}` };
    });
    try {
      const synced = await vectorIndex.sync(entries, embedder, options);
      this.keyToChunks = keyToChunks;
      this.vectorsReady = true;
      log.info(
        `[runbooks] ${chunks.length} chunks from ${loaded.runbooks.length} runbooks; embedded ${synced.embedded}, ` +
          `removed ${synced.deleted}, kept ${synced.kept} (${embedder.id})`,
      );
      return { ...result, ...synced, vectors: true };
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      log.warn(`[runbooks] could not embed runbooks with ${embedder.id}; searching by keywords only: ${(error as Error).message}`);
      return result;
    }
  }
}
