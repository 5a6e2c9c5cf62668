/**
 * What the workflows need from the runbook library: ranked chunks for a query, and whole runbooks by id (the offline
 * planner reads a runbook's sections). The runbook retriever implements it; tests use an in-memory one.
 */
import type { Runbook, RunbookChunk } from '../runbooks/runbook';
import type { RunbookLibrary } from '../runbooks/runbookLibrary';

export interface RetrievedChunk {
  chunk: RunbookChunk;
  /** Higher is better; only comparable within one search. */
  score: number;
}

export interface RetrievalOptions {
  limit?: number;
  signal?: AbortSignal;
}

export interface RunbookRetrieval {
  search(query: string, options?: RetrievalOptions): Promise<RetrievedChunk[]>;
  getRunbook(id: string): Runbook | undefined;
}

/** The distinct runbooks among hits, best first. */
export function rankedRunbookIds(hits: readonly RetrievedChunk[]): string[] {
  const ids: string[] = [];
  for (const hit of hits) if (!ids.includes(hit.chunk.runbookId)) ids.push(hit.chunk.runbookId);
  return ids;
}

/** The runbook library as the workflows' retrieval port: its hits resolved to whole chunks. */
export function retrievalFromLibrary(library: RunbookLibrary): RunbookRetrieval {
  return {
    async search(query, options = {}) {
      const hits = await library.search(query, { k: options.limit ?? 5, signal: options.signal });
      const byId = new Map(library.chunks.map((c) => [c.id, c]));
      return hits.flatMap((hit) => {
        const chunk = byId.get(hit.chunkId);
        return chunk ? [{ chunk, score: hit.score }] : [];
      });
    },
    getRunbook: (id) => library.getRunbook(id),
  };
}
