/**
 * Hybrid retrieval over runbook chunks: BM25F (chunk text, headings, and the runbook's title, tags and signals as a
 * boosted field), vector similarity, and a signal match (how much of a runbook's known log pattern the query covers),
 * fused by reciprocal rank, then diversified so one runbook does not take every slot unless nothing else competes.
 */
import { analyzeTerms } from './analyzeTerms';
import { Bm25Field, Bm25Index } from './bm25Index';
import { Runbook, RunbookCategory, RunbookChunk, chunkEmbeddingText } from './runbook';

export interface RankedList {
  /** Keys, best first. */
  keys: string[];
  weight: number;
}

/** Σ weight / (k0 + rank) over the lists a key appears in; rank is 1-based. k0 = 60 as in Cormack et al. (2009). */
export function reciprocalRankFusion(lists: RankedList[], k0 = 60): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) {
    list.keys.forEach((key, i) => fused.set(key, (fused.get(key) ?? 0) + list.weight / (k0 + i + 1)));
  }
  return fused;
}

export interface Candidate<T> {
  group: string;
  score: number;
  value: T;
}

/**
 * Greedy diversification: a candidate's score is multiplied by `decay` for each candidate of its group already
 * picked. A second chunk of the same runbook still wins when the other runbooks score far lower.
 */
export function diversify<T>(candidates: Candidate<T>[], k: number, decay = 0.5): Candidate<T>[] {
  const remaining = [...candidates].sort((a, b) => b.score - a.score);
  const picked: Candidate<T>[] = [];
  const taken = new Map<string, number>();
  while (picked.length < k && remaining.length > 0) {
    let bestIndex = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < remaining.length; i++) {
      const candidate = remaining[i]!;
      // Sorted by raw score: once a raw score is below the best adjusted one, nothing later can beat it.
      if (candidate.score <= bestScore) break;
      const adjusted = candidate.score * decay ** (taken.get(candidate.group) ?? 0);
      if (adjusted > bestScore) {
        bestScore = adjusted;
        bestIndex = i;
      }
    }
    const [chosen] = remaining.splice(bestIndex, 1);
    picked.push({ ...chosen!, score: bestScore });
    taken.set(chosen!.group, (taken.get(chosen!.group) ?? 0) + 1);
  }
  return picked;
}

export interface RunbookHit {
  /** Runbook id. */
  id: string;
  title: string;
  category?: RunbookCategory;
  /** The chunk's own heading (the title for text before any subheading). */
  heading: string;
  headingPath: string[];
  /** Fused relevance, 0..1 (1: first in every list). */
  score: number;
  file: string;
  /** 1-based line of the snippet, for a citation like runbooks/disk-full.md:42. */
  line: number;
  startLine: number;
  endLine: number;
  snippet: string;
  chunkId: string;
}

export interface RetrievalWeights {
  bm25: number;
  vector: number;
  signals: number;
}

export interface VectorRankEntry {
  /** Index into `chunks`. */
  chunk: number;
  /** Cosine similarity. */
  score: number;
}

export interface RankOptions {
  k?: number;
  /** Vector hits, best first (from the vector index). */
  vectorRanking?: VectorRankEntry[];
  /** Only return chunks of runbooks in this category. */
  category?: RunbookCategory;
}

export const defaultRetrievalWeights: RetrievalWeights = { bm25: 1, vector: 1, signals: 1 };
/** How deep each list is read before fusion. */
const listDepth = 100;
const snippetChars = 240;
const rrfK0 = 60;
/** Cosine below which a vector hit is ignored when no query word occurs in any runbook. */
const minSimilarityWithoutWords = 0.3;
/** How much the runbook's title/tags/signals score adds to each of its chunks' own BM25. */
const metaWeight = 1;

interface SignalPattern {
  runbook: number;
  /** Sum of the idf of its distinct terms. */
  totalIdf: number;
  termCount: number;
}

export class HybridRetriever {
  private readonly bm25: Bm25Index;
  /** Title, tags and signals per runbook: a separate small index whose score every chunk of the runbook shares. */
  private readonly metaBm25: Bm25Index;
  private readonly metaIndexOf = new Map<string, number>();
  /** Meta document (runbook position) of each chunk, -1 if none. */
  private readonly chunkMeta: Int32Array;
  private readonly signals: SignalPattern[] = [];
  /** term → [signal index, idf] pairs, so a query touches only the signals that share a term with it. */
  private readonly signalPostings = new Map<string, { signal: number; idf: number }[]>();
  private readonly chunksByRunbook = new Map<string, number[]>();

  /**
   * @param termCache chunk text → terms from an earlier build; reused and refilled, so an unchanged library
   *   re-analyses nothing.
   */
  constructor(
    private readonly runbooks: Runbook[],
    readonly chunks: RunbookChunk[],
    termCache: Map<string, string[]> = new Map(),
    private readonly weights: RetrievalWeights = defaultRetrievalWeights,
  ) {
    const metaDocuments: Bm25Field[][] = runbooks.map((runbook, i) => {
      this.metaIndexOf.set(runbook.id, i);
      return [
        { terms: analyzeTerms(runbook.title), weight: 2 },
        { terms: analyzeTerms(runbook.tags.join(' ')), weight: 1 },
        { terms: analyzeTerms(runbook.signals.join('\n')), weight: 1 },
      ];
    });
    this.metaBm25 = new Bm25Index(metaDocuments, { k1: 1.2, b: 0.5 });
    runbooks.forEach((runbook, r) => {
      for (const signal of runbook.signals) {
        const terms = [...new Set(analyzeTerms(signal))];
        if (terms.length === 0) continue;
        const index = this.signals.length;
        let totalIdf = 0;
        for (const term of terms) {
          // Runbook-level idf: a term in many runbooks' signals says little about which runbook is meant.
          const idf = this.metaBm25.idf(term);
          totalIdf += idf;
          const posting = this.signalPostings.get(term) ?? [];
          posting.push({ signal: index, idf });
          this.signalPostings.set(term, posting);
        }
        this.signals.push({ runbook: r, totalIdf, termCount: terms.length });
      }
    });
    const documents: Bm25Field[][] = chunks.map((chunk, i) => {
      const list = this.chunksByRunbook.get(chunk.runbookId) ?? [];
      list.push(i);
      this.chunksByRunbook.set(chunk.runbookId, list);
      const text = chunkEmbeddingText(chunk);
      let terms = termCache.get(text);
      if (!terms) termCache.set(text, (terms = analyzeTerms(text)));
      const headings = chunk.headingPath.filter((h) => h !== chunk.title).join(' ');
      return [
        { terms, weight: 1 },
        { terms: analyzeTerms(headings), weight: 1.5 },
      ];
    });
    this.bm25 = new Bm25Index(documents, { k1: 1.2, b: 0.75 });
    this.chunkMeta = Int32Array.from(chunks, (chunk) => this.metaIndexOf.get(chunk.runbookId) ?? -1);
  }

  /** Ranks chunks for a query (a question, an anomaly summary or raw log lines). */
  rank(query: string, options: RankOptions = {}): RunbookHit[] {
    const k = options.k ?? 5;
    const queryTerms = analyzeTerms(query);
    const lists: RankedList[] = [];
    const keep = (i: number): boolean => !options.category || this.chunks[i]!.category === options.category;

    const lexical = this.lexicalRanking(queryTerms).filter(keep).slice(0, listDepth);
    lists.push({ keys: lexical.map(String), weight: this.weights.bm25 });
    if (options.vectorRanking && options.vectorRanking.length > 0) {
      // Nearest neighbours always exist; with no word of the query in any runbook, only clearly similar ones count,
      // so gibberish or an unrelated question returns nothing rather than the least-far chunks.
      const floor = lexical.length === 0 ? minSimilarityWithoutWords : -Infinity;
      const vector = options.vectorRanking.filter((v) => v.score >= floor && keep(v.chunk)).slice(0, listDepth);
      lists.push({ keys: vector.map((v) => String(v.chunk)), weight: this.weights.vector });
    }
    const fused = reciprocalRankFusion(lists, rrfK0);
    // Signals rank runbooks, not chunks: the runbook's evidence goes once, to its best chunk so far (or its first
    // chunk when no other list found it), so a signal match does not lift every chunk past other runbooks.
    this.rankBySignals(queryTerms).forEach((runbookId, rank) => {
      const own = (this.chunksByRunbook.get(runbookId) ?? []).filter(keep);
      if (own.length === 0) return;
      let best = own[0]!;
      for (const i of own) if ((fused.get(String(i)) ?? 0) > (fused.get(String(best)) ?? 0)) best = i;
      fused.set(String(best), (fused.get(String(best)) ?? 0) + this.weights.signals / (rrfK0 + rank + 1));
    });
    const maxScore =
      (this.weights.bm25 + (options.vectorRanking ? this.weights.vector : 0) + this.weights.signals) / (rrfK0 + 1);

    const candidates: Candidate<number>[] = [...fused].map(([key, score]) => {
      const index = Number(key);
      return { group: this.chunks[index]!.runbookId, score, value: index };
    });
    return diversify(candidates, k).map((c) => this.toHit(c.value, c.score / maxScore, queryTerms));
  }

  /** Chunks by BM25 of their own text plus `metaWeight` times the BM25 of their runbook's title, tags and signals. */
  private lexicalRanking(queryTerms: string[]): number[] {
    const scores = this.bm25.scoreAll(queryTerms);
    const metaScores = this.metaBm25.scoreAll(queryTerms);
    const ranked: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      const meta = this.chunkMeta[i]!;
      if (meta >= 0) scores[i] += metaWeight * metaScores[meta]!;
      if (scores[i]! > 0) ranked.push(i);
    }
    ranked.sort((a, b) => scores[b]! - scores[a]! || a - b);
    return ranked;
  }

  /** Runbooks whose signals the query covers, best first: idf-weighted coverage of the best signal, at least half. */
  private rankBySignals(queryTerms: string[]): string[] {
    const matched = new Map<number, number>();
    for (const term of new Set(queryTerms)) {
      for (const { signal, idf } of this.signalPostings.get(term) ?? []) {
        matched.set(signal, (matched.get(signal) ?? 0) + idf);
      }
    }
    const best = new Map<number, number>();
    for (const [index, matchedIdf] of matched) {
      const signal = this.signals[index]!;
      if (signal.totalIdf === 0) continue;
      // A one-word signal must be distinctive to count (e.g. ENOSPC, OOMKilled), not a common word.
      if (signal.termCount === 1 && signal.totalIdf < 2) continue;
      const coverage = matchedIdf / signal.totalIdf;
      if (coverage < 0.5) continue;
      const score = coverage * Math.log(1 + matchedIdf);
      if (score > (best.get(signal.runbook) ?? 0)) best.set(signal.runbook, score);
    }
    return [...best]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([runbook]) => this.runbooks[runbook]!.id);
  }

  private toHit(index: number, score: number, queryTerms: string[]): RunbookHit {
    const chunk = this.chunks[index]!;
    const { offset, text } = makeSnippet(chunk.text, new Set(queryTerms));
    const heading = chunk.headingPath[chunk.headingPath.length - 1] ?? chunk.title;
    return {
      id: chunk.runbookId,
      title: chunk.title,
      category: chunk.category,
      heading,
      headingPath: chunk.headingPath,
      score: Math.round(score * 10000) / 10000,
      file: chunk.file,
      line: chunk.startLine + offset,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      snippet: text,
      chunkId: chunk.id,
    };
  }
}

/** The line with most query terms (headings and fences skipped), plus following lines up to ~240 characters. */
export function makeSnippet(text: string, queryTerms: Set<string>): { offset: number; text: string } {
  const lines = text.split('\n');
  let bestLine = -1;
  let bestScore = -1;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || /^(```|~~~)/.test(trimmed) || /^#{1,6}\s/.test(trimmed)) return;
    const score = new Set(analyzeTerms(line, { mask: false }).filter((t) => queryTerms.has(t))).size;
    if (score > bestScore) {
      bestScore = score;
      bestLine = i;
    }
  });
  if (bestLine < 0) return { offset: 0, text: lines.join(' ').replace(/\s+/g, ' ').trim().slice(0, snippetChars) };
  let snippet = '';
  for (let i = bestLine; i < lines.length && snippet.length < snippetChars; i++) {
    const trimmed = lines[i]!.trim();
    if (/^(```|~~~)/.test(trimmed)) continue;
    snippet += (snippet ? ' ' : '') + trimmed;
  }
  snippet = snippet.replace(/\s+/g, ' ').trim();
  if (snippet.length > snippetChars) snippet = snippet.slice(0, snippetChars - 1).trimEnd() + '…';
  return { offset: bestLine, text: snippet };
}
