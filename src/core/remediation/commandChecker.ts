/**
 * The port through which plan steps get their risk: the safety checker (core/safety) implements it and reads whole
 * multi-line scripts itself. Runbook placeholders like `<pod>` are not shell redirections, so they are neutralised
 * before checking; one glued to a path (`<x>/etc/passwd`) is left alone, since there `>` really redirects.
 */
import type { StepRisk } from './remediationPlan';

export interface CommandVerdict {
  risk: StepRisk;
  reasons: string[];
}

export type CommandChecker = (command: string) => CommandVerdict;

const placeholder = /<([A-Za-z][\w-]{0,40})>(?=[\s'"`),;:}\]]|$)/g;

export function checkCommandText(command: string, checker: CommandChecker): CommandVerdict {
  const verdict = checker(command.trim().replace(placeholder, 'PLACEHOLDER_$1'));
  return { risk: verdict.risk, reasons: verdict.reasons.map((r) => r.replace(/PLACEHOLDER_([\w-]+)/g, '<$1>')) };
}
