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

export interface RankOptions {
  k?: number;
  /** Vector hits as chunk indexes, best first (from the vector index). */
  vectorRanking?: number[];
  /** Only return chunks of runbooks in this category. */
  category?: RunbookCategory;
}

const defaultWeights: RetrievalWeights = { bm25: 1, vector: 1, signals: 1 };
/** How deep each list is read before fusion. */
const listDepth = 100;
const snippetChars = 240;
const rrfK0 = 60;

interface SignalPattern {
  terms: string[];
}

export class HybridRetriever {
  private readonly bm25: Bm25Index;
  private readonly signalsByRunbook = new Map<string, SignalPattern[]>();
  private readonly chunksByRunbook = new Map<string, number[]>();

  constructor(
    private readonly runbooks: Runbook[],
    readonly chunks: RunbookChunk[],
    private readonly weights: RetrievalWeights = defaultWeights,
  ) {
    const byId = new Map(runbooks.map((r) => [r.id, r]));
    const metaTerms = new Map<string, string[]>();
    for (const runbook of runbooks) {
      // The title twice: it is the most deliberate summary of what the runbook is for.
      const meta = [runbook.title, runbook.title, runbook.tags.join(' '), ...runbook.signals].join('\n');
      metaTerms.set(runbook.id, analyzeTerms(meta));
      this.signalsByRunbook.set(
        runbook.id,
        runbook.signals.map((s) => ({ terms: [...new Set(analyzeTerms(s))] })).filter((s) => s.terms.length > 0),
      );
    }
    const documents: Bm25Field[][] = chunks.map((chunk, i) => {
      const list = this.chunksByRunbook.get(chunk.runbookId) ?? [];
      list.push(i);
      this.chunksByRunbook.set(chunk.runbookId, list);
      const headings = chunk.headingPath.filter((h) => h !== chunk.title).join(' ');
      return [
        { terms: analyzeTerms(chunkEmbeddingText(chunk)), weight: 1 },
        { terms: analyzeTerms(headings), weight: 1.5 },
        { terms: byId.has(chunk.runbookId) ? metaTerms.get(chunk.runbookId)! : [], weight: 1 },
      ];
    });
    this.bm25 = new Bm25Index(documents, { k1: 1.2, b: 0.75 });
  }

  /** Ranks chunks for a query (a question, an anomaly summary or raw log lines). */
  rank(query: string, options: RankOptions = {}): RunbookHit[] {
    const k = options.k ?? 5;
    const queryTerms = analyzeTerms(query);
    const lists: RankedList[] = [];
    const keep = (i: number): boolean => !options.category || this.chunks[i]!.category === options.category;

    const lexical = this.bm25.search(queryTerms, listDepth * 2).filter((h) => keep(h.doc)).slice(0, listDepth);
    lists.push({ keys: lexical.map((h) => String(h.doc)), weight: this.weights.bm25 });
    if (options.vectorRanking && options.vectorRanking.length > 0) {
      const vector = options.vectorRanking.filter(keep).slice(0, listDepth);
      lists.push({ keys: vector.map(String), weight: this.weights.vector });
    }
    const fused = reciprocalRankFusion(lists, rrfK0);
    // Signals rank runbooks, not chunks: every chunk of a matching runbook gets the runbook's rank (diversification
    // then keeps its best chunk), and a chunk that no other list found still enters as a candidate.
    this.rankBySignals(queryTerms).forEach((runbookId, rank) => {
      for (const i of this.chunksByRunbook.get(runbookId) ?? []) {
        if (keep(i)) fused.set(String(i), (fused.get(String(i)) ?? 0) + this.weights.signals / (rrfK0 + rank + 1));
      }
    });
    const maxScore =
      (this.weights.bm25 + (options.vectorRanking ? this.weights.vector : 0) + this.weights.signals) / (rrfK0 + 1);

    const candidates: Candidate<number>[] = [...fused].map(([key, score]) => {
      const index = Number(key);
      return { group: this.chunks[index]!.runbookId, score, value: index };
    });
    return diversify(candidates, k).map((c) => this.toHit(c.value, c.score / maxScore, queryTerms));
  }

  /** Runbooks whose signals the query covers, best first: idf-weighted coverage of the best signal, at least half. */
  private rankBySignals(queryTerms: string[]): string[] {
    const present = new Set(queryTerms);
    if (present.size === 0) return [];
    const scored: { id: string; score: number }[] = [];
    for (const runbook of this.runbooks) {
      let best = 0;
      for (const signal of this.signalsByRunbook.get(runbook.id) ?? []) {
        let total = 0;
        let matched = 0;
        for (const term of signal.terms) {
          const idf = this.bm25.idf(term);
          total += idf;
          if (present.has(term)) matched += idf;
        }
        if (total === 0) continue;
        const coverage = matched / total;
        // A one-word signal must be distinctive to count (e.g. ENOSPC, OOMKilled), not a common word.
        if (signal.terms.length === 1 && total < 2) continue;
        if (coverage >= 0.5) best = Math.max(best, coverage * Math.log(1 + matched));
      }
      if (best > 0) scored.push({ id: runbook.id, score: best });
    }
    scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return scored.map((s) => s.id);
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
    const score = new Set(analyzeTerms(line).filter((t) => queryTerms.has(t))).size;
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
