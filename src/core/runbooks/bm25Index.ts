/**
 * Okapi BM25 with per-field weights (BM25F-style: each field's term frequency is length-normalised in its own field,
 * weighted, then saturated once). Our own because vectra's LocalDocumentIndex BM25 throws on small collections.
 */

export interface Bm25Field {
  terms: string[];
  weight: number;
}

export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalisation, 0..1. */
  b?: number;
}

export interface Bm25Hit {
  /** Position of the document in the array given to the constructor. */
  doc: number;
  score: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, { docs: Int32Array; weights: Float32Array }>();
  private readonly k1: number;
  readonly documentCount: number;

  /** Every document must have the same number of fields, in the same order (field i is one kind across documents). */
  constructor(documents: Bm25Field[][], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    this.documentCount = documents.length;
    const fieldCount = Math.max(0, ...documents.map((d) => d.length));
    const averageLength = new Array<number>(fieldCount).fill(0);
    for (const doc of documents) doc.forEach((field, f) => (averageLength[f]! += field.terms.length));
    for (let f = 0; f < fieldCount; f++) averageLength[f] = averageLength[f]! / Math.max(1, documents.length) || 1;

    const building = new Map<string, { docs: number[]; weights: number[] }>();
    documents.forEach((doc, d) => {
      const weighted = new Map<string, number>();
      doc.forEach((field, f) => {
        const norm = 1 - b + (b * field.terms.length) / averageLength[f]!;
        const counts = new Map<string, number>();
        for (const term of field.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        for (const [term, count] of counts) {
          weighted.set(term, (weighted.get(term) ?? 0) + (field.weight * count) / norm);
        }
      });
      for (const [term, weight] of weighted) {
        let posting = building.get(term);
        if (!posting) building.set(term, (posting = { docs: [], weights: [] }));
        posting.docs.push(d);
        posting.weights.push(weight);
      }
    });
    for (const [term, posting] of building) {
      this.postings.set(term, { docs: Int32Array.from(posting.docs), weights: Float32Array.from(posting.weights) });
    }
  }

  /** Inverse document frequency (BM25+ style, never negative); 0 for an unknown term. */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    if (df === 0) return 0;
    return Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5));
  }

  /** Scores every document containing a query term; each distinct query term counts once. */
  scoreAll(queryTerms: string[]): Float64Array {
    const scores = new Float64Array(this.documentCount);
    for (const term of new Set(queryTerms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      for (let i = 0; i < posting.docs.length; i++) {
        const tf = posting.weights[i]!;
        scores[posting.docs[i]!] += (idf * tf * (this.k1 + 1)) / (tf + this.k1);
      }
    }
    return scores;
  }

  /** The best `limit` documents with a positive score, best first. */
  search(queryTerms: string[], limit: number): Bm25Hit[] {
    const scores = this.scoreAll(queryTerms);
    const hits: Bm25Hit[] = [];
    for (let d = 0; d < scores.length; d++) if (scores[d]! > 0) hits.push({ doc: d, score: scores[d]! });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return hits.slice(0, limit);
  }
}
