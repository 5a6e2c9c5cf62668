/** Scores the command checker and the redactor on labelled sets (used by `ops-copilot eval safety|redaction`). */
import { checkCommand, Risk } from './commandSafety';
import { redact, RedactionOptions } from './redactor';

export interface LabelledCommand {
  command: string;
  risk: Risk;
}

export interface SafetyEvaluation {
  total: number;
  /** confusion[labelled][predicted] */
  confusion: Record<Risk, Record<Risk, number>>;
  /** Share of dangerous-labelled commands rated dangerous. */
  dangerousRecall: number;
  /** Share of safe-labelled commands left unflagged (rated safe). */
  safeUnflagged: number;
  accuracy: number;
  mistakes: { command: string; labelled: Risk; predicted: Risk; reasons: string[] }[];
}

const risks: Risk[] = ['safe', 'caution', 'dangerous'];

export function evaluateCommandSafety(cases: readonly LabelledCommand[]): SafetyEvaluation {
  const confusion = Object.fromEntries(risks.map((r) => [r, Object.fromEntries(risks.map((p) => [p, 0]))])) as SafetyEvaluation['confusion'];
  const mistakes: SafetyEvaluation['mistakes'] = [];
  for (const { command, risk } of cases) {
    const verdict = checkCommand(command);
    confusion[risk][verdict.risk]++;
    if (verdict.risk !== risk) mistakes.push({ command, labelled: risk, predicted: verdict.risk, reasons: verdict.reasons });
  }
  const row = (r: Risk): number => risks.reduce((sum, p) => sum + confusion[r][p], 0);
  const share = (hit: number, of: number): number => (of === 0 ? 1 : hit / of);
  return {
    total: cases.length,
    confusion,
    dangerousRecall: share(confusion.dangerous.dangerous, row('dangerous')),
    safeUnflagged: share(confusion.safe.safe, row('safe')),
    accuracy: share(risks.reduce((sum, r) => sum + confusion[r][r], 0), cases.length),
    mistakes,
  };
}

export interface RedactionCase {
  text: string;
  /** Strings that must not survive, not even in part. */
  secrets: string[];
  /** Strings that must survive intact. */
  keep: string[];
}

export interface RedactionEvaluation {
  cases: number;
  secrets: number;
  secretsRemoved: number;
  keep: number;
  kept: number;
  removedShare: number;
  keptShare: number;
  leaks: { secret: string; output: string }[];
  lost: { keep: string; output: string }[];
}

/**
 * A secret counts as removed only when no 8-character piece of it survives (shorter secrets: no piece at all), so a
 * half-redacted key is a leak.
 */
export function evaluateRedaction(cases: readonly RedactionCase[], options?: RedactionOptions): RedactionEvaluation {
  const result: RedactionEvaluation = { cases: cases.length, secrets: 0, secretsRemoved: 0, keep: 0, kept: 0, removedShare: 1, keptShare: 1, leaks: [], lost: [] };
  for (const c of cases) {
    const output = redact(c.text, options).text;
    for (const secret of c.secrets) {
      result.secrets++;
      if (survivesInPart(secret, output)) result.leaks.push({ secret, output });
      else result.secretsRemoved++;
    }
    for (const keep of c.keep) {
      result.keep++;
      if (output.includes(keep)) result.kept++;
      else result.lost.push({ keep, output });
    }
  }
  result.removedShare = result.secrets === 0 ? 1 : result.secretsRemoved / result.secrets;
  result.keptShare = result.keep === 0 ? 1 : result.kept / result.keep;
  return result;
}

function survivesInPart(secret: string, output: string): boolean {
  const window = Math.min(8, secret.length);
  for (let i = 0; i + window <= secret.length; i++) {
    if (output.includes(secret.slice(i, i + window))) return true;
  }
  return false;
}
