/**
 * A cheap, dependency-free text similarity for matching new incidents to corrected ones: hashed word unigrams and
 * bigrams with variables masked (numbers, hex ids, IPs, durations), sublinear term frequency, cosine over sparse
 * vectors. Good at "the same kind of log line again"; not meant as semantic search (runbooks have the embedder).
 */

export type TextFeatures = ReadonlyMap<number, number>;

const maxTokens = 400;
const bigramWeight = 0.7;

/** Lowercased word tokens with the variable parts of log lines replaced by placeholders. */
export function similarityTokens(text: string): string[] {
  const masked = text
    .toLowerCase()
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, ' <ip> ')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' <uuid> ')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/g, ' <hex> ')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m|h|kb|mb|gb|%)?\b/g, ' <n> ');
  const tokens = masked.match(/<\w+>|[a-z][a-z0-9_]*(?:[-.][a-z0-9_]+)*/g) ?? [];
  return tokens.slice(0, maxTokens);
}

export function textFeatures(text: string): TextFeatures {
  const counts = new Map<number, number>();
  const tokens = similarityTokens(text);
  const add = (key: string, weight: number) => {
    const h = fnv1a(key);
    counts.set(h, (counts.get(h) ?? 0) + weight);
  };
  tokens.forEach((token, i) => {
    add(token, 1);
    if (i > 0) add(`${tokens[i - 1]} ${token}`, bigramWeight);
  });
  let norm = 0;
  for (const [key, value] of counts) {
    const weight = 1 + Math.log(value);
    counts.set(key, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, value] of counts) counts.set(key, value / norm);
  return counts;
}

/** Cosine of two normalised feature vectors, 0–1. */
export function cosineSimilarity(a: TextFeatures, b: TextFeatures): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, value] of small) dot += value * (large.get(key) ?? 0);
  return Math.min(1, Math.max(0, dot));
}

export function textSimilarity(a: string, b: string): number {
  return cosineSimilarity(textFeatures(a), textFeatures(b));
}

/** 32-bit FNV-1a: stable across runs and platforms, which Math.random-seeded hashes are not. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Many documents' features inverted by feature, so one query scores all of them in a single pass over the postings
 * of its own features (instead of one cosine per document).
 */
export class FeatureIndex {
  private readonly postings = new Map<number, { doc: number; weight: number }[]>();
  private size = 0;

  /** Adds a document; returns its number (0, 1, ...). */
  add(features: TextFeatures): number {
    const doc = this.size++;
    for (const [key, weight] of features) {
      let list = this.postings.get(key);
      if (!list) this.postings.set(key, (list = []));
      list.push({ doc, weight });
    }
    return doc;
  }

  /** Cosine similarity of the query to every document, indexed by document number. */
  scores(query: TextFeatures): Float64Array {
    const scores = new Float64Array(this.size);
    for (const [key, weight] of query) {
      const list = this.postings.get(key);
      if (list) for (const p of list) scores[p.doc] += weight * p.weight;
    }
    return scores;
  }
}
