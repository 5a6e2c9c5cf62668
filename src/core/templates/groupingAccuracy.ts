/** Grouping accuracy as in the LogPAI benchmark (Zhu et al., ICSE-SEIP 2019): a line counts as correct when the set of
 * lines that share its predicted template is exactly the set that shares its true template. */

export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new Error(`length mismatch: ${predicted.length} predicted, ${truth.length} expected`);
  if (predicted.length === 0) return 1;
  const byPredicted = groupIndexes(predicted);
  const byTruth = groupIndexes(truth);
  let correct = 0;
  for (const indexes of byTruth.values()) {
    const first = byPredicted.get(predicted[indexes[0]])!;
    if (first.length === indexes.length && indexes.every((i) => predicted[i] === predicted[indexes[0]])) correct += indexes.length;
  }
  return correct / predicted.length;
}

/** Share of lines whose predicted template text equals the expected one (after collapsing whitespace). */
export function templateAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length === 0) return 1;
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (normalise(predicted[i]) === normalise(truth[i])) correct++;
  return correct / predicted.length;
}

function normalise(template: string): string {
  return template.replace(/\s+/g, ' ').trim();
}

function groupIndexes(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = groups.get(label);
    if (list) list.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}
