/**
 * Deterministic tuning / held-out split of a labelled incident set: whoever changes the classifier tunes on one half
 * and reports the other, and every run (bench, tests, CLI) agrees on which half is which.
 */

export interface LabelledSplit<T> {
  tuning: T[];
  heldOut: T[];
}

/** Rows ordered by a hash of seed + text, then dealt alternately: independent of file order, halves within one row. */
export function splitLabelled<T extends { text: string }>(rows: readonly T[], seed = 'realworld-split'): LabelledSplit<T> {
  const ordered = [...rows].sort((a, b) => hash(seed + a.text) - hash(seed + b.text) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return { tuning: ordered.filter((_, i) => i % 2 === 0), heldOut: ordered.filter((_, i) => i % 2 === 1) };
}

/** FNV-1a, 32 bits: the same function the feedback store uses for ids, repeated here to keep incidents/ a leaf. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
