/** The command checker's result type and how verdicts combine (the worst risk wins, every reason is kept). */

export type Risk = 'safe' | 'caution' | 'dangerous';

export interface RiskVerdict {
  risk: Risk;
  reasons: string[];
}

const rank: Record<Risk, number> = { safe: 0, caution: 1, dangerous: 2 };

export const safe = (): RiskVerdict => ({ risk: 'safe', reasons: [] });
export const caution = (reason: string): RiskVerdict => ({ risk: 'caution', reasons: [reason] });
export const dangerous = (reason: string): RiskVerdict => ({ risk: 'dangerous', reasons: [reason] });

export function worseRisk(a: Risk, b: Risk): Risk {
  return rank[a] >= rank[b] ? a : b;
}

/** Worst risk; reasons of the worst level first, then the others, without duplicates. */
export function mergeVerdicts(verdicts: readonly RiskVerdict[]): RiskVerdict {
  let risk: Risk = 'safe';
  for (const verdict of verdicts) risk = worseRisk(risk, verdict.risk);
  const ordered = [...verdicts].sort((a, b) => rank[b.risk] - rank[a.risk]);
  const reasons = [...new Set(ordered.flatMap((v) => v.reasons))];
  return { risk, reasons };
}
