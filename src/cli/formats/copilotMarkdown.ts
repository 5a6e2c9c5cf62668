/** Markdown renderings of classifications, remediation plans and log analyses for the CLI (and for pasting into tickets). */
import * as path from 'node:path';
import type { ClassificationOutcome } from '../../core/incidents/classifyIncident';
import type { RemediationOutcome } from '../../core/remediation/recommendFix';
import type { LogAnalysis } from '../../core/analysis/analyzeLogs';

const riskBadge = { safe: '🟢 safe', caution: '🟡 caution', dangerous: '🔴 DANGEROUS' } as const;

export function classificationText(c: ClassificationOutcome): string {
  return [
    `Category:   ${c.category} / ${c.subcategory}`,
    `Severity:   ${c.severity} (${c.priority})`,
    `Confidence: ${c.confidence.toFixed(2)}`,
    `Source:     ${c.source} — ${c.answeredBy}${c.fallbackReason ? ` (fallback: ${c.fallbackReason})` : ''}`,
    `Rationale:  ${c.rationale}`,
  ].join('\n');
}

export function planMarkdown(plan: RemediationOutcome, classification?: ClassificationOutcome): string {
  const out: string[] = ['# Remediation plan', '', plan.summary, ''];
  if (classification) out.push(`**Classification:** ${classification.category}/${classification.subcategory}, ${classification.severity} (${classification.priority}), confidence ${classification.confidence.toFixed(2)} — ${classification.source}`, '');
  out.push(`**Estimated time:** ${plan.estimatedTime}  `, `**Answered by:** ${plan.answeredBy}${plan.fallbackReason ? ` (fallback: ${plan.fallbackReason})` : ''}`, '', '## Steps', '');
  for (const step of plan.steps) {
    out.push(`### ${step.id}. ${step.title} — ${riskBadge[step.risk]}`, '');
    if (step.detail) out.push(step.detail, '');
    if (step.command) out.push('```sh', step.command, '```', '');
    if (step.riskReasons.length > 0) out.push(`Risk: ${step.riskReasons.join('; ')}`, '');
    out.push(`Verify: ${step.verify}`, '');
  }
  if (plan.risks.length > 0) out.push('## Risks', '', ...plan.risks.map((r) => `- ${r}`), '');
  out.push('## Success criteria', '', ...plan.successCriteria.map((c) => `- ${c}`), '', '## Rollback', '', plan.rollbackPlan, '');
  if (plan.sources.length > 0) out.push('## Sources', '', ...plan.sources.map((s) => `- ${s.runbookId} — ${path.relative(process.cwd(), s.file) || s.file}:${s.line}`), '');
  out.push('_Nothing was executed. Review each command; dangerous steps need explicit confirmation._');
  return out.join('\n');
}

export function analysisMarkdown(analysis: LogAnalysis): string {
  const out: string[] = ['# Log analysis', '', analysis.summary, '', `**Severity:** ${analysis.severity}  `, `**Answered by:** ${analysis.answeredBy}${analysis.fallbackReason ? ` (fallback: ${analysis.fallbackReason})` : ''}`, ''];
  out.push('## Anomalies', '');
  if (analysis.anomalies.length === 0) out.push('None detected.', '');
  for (const a of analysis.anomalies) out.push(`- **${a.severity}** ${a.title} (${a.type}, \`${a.id}\`) — ${path.basename(a.file)}:${a.firstLine}–${a.lastLine}: ${a.explanation}`);
  out.push('', '## Patterns', '', '| count | share | lines | template | note |', '|---:|---:|---|---|---|');
  for (const p of analysis.patterns) {
    out.push(`| ${p.count} | ${(p.share * 100).toFixed(1)}% | ${p.firstLine}–${p.lastLine} | \`${p.template.replace(/\|/g, '\\|').replace(/`/g, "'").slice(0, 160)}\` | ${p.note.replace(/\|/g, '\\|')} |`);
  }
  out.push('', '## Suggested actions', '', ...analysis.suggestedActions.map((a) => `- ${a}`));
  if (analysis.runbooks.length > 0) out.push('', '## Runbooks', '', ...analysis.runbooks.map((r) => `- ${r.title} — ${path.relative(process.cwd(), r.file) || r.file}:${r.line}`));
  return out.join('\n');
}
