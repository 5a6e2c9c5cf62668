/** The remediation request: incident facts and runbook chunks as quoted data, with the runbook-derived draft. */
import type { ChatMessage } from '../llm/chatModel';
import { buildContextBlocks, dataBlock, dataBlockRule, IncidentFacts } from '../copilot/promptContext';
import type { RetrievedChunk } from '../copilot/runbookRetrieval';
import type { Classification } from '../incidents/incident';
import type { RemediationPlan } from './remediationPlan';

const systemPrompt = `You are an SRE assistant writing a remediation plan for one incident.

Ground every step in the runbook excerpts provided; when they do not cover something, say so in the step's detail instead of inventing facts.
Order: read-only diagnosis first, then the least risky mitigation, then verification. Prefer reversible actions.
Each step: a short title, a detail saying why, an optional single shell/SQL command (copied from or adapted from a runbook), a risk (safe = read-only, caution = restarts/scaling/rollbacks/failovers/config changes, dangerous = deletes data or could cause an outage), and how to verify it worked.
Commands are reviewed by a safety checker and are never run automatically; a person confirms each one.
sources: cite the runbook excerpts you used by their id, file and a line inside their line range.
${dataBlockRule}`;

export interface RemediationPromptInput {
  facts: IncidentFacts;
  hits: readonly RetrievedChunk[];
  classification?: Pick<Classification, 'category' | 'subcategory' | 'severity' | 'priority'>;
  draft?: RemediationPlan;
  maxTokens: number;
}

export function buildRemediationMessages(input: RemediationPromptInput): ChatMessage[] {
  const parts: string[] = ['Write the remediation plan for this incident.'];
  const c = input.classification;
  if (c) parts.push(`Classification: ${c.category}/${c.subcategory}, severity ${c.severity}, priority ${c.priority}.`);
  parts.push(...buildContextBlocks(input.facts, input.hits, { maxTokens: input.maxTokens, maxRunbookChunks: 5 }));
  if (input.draft && input.draft.source === 'offline' && input.draft.sources.length > 0) {
    const outline = input.draft.steps
      .map((s) => `${s.id}. ${s.title}${s.command ? ` — ${s.command.split('\n')[0]}` : ''}`)
      .join('\n');
    parts.push('A draft assembled mechanically from the best runbook (improve it for this incident):', dataBlock('DRAFT', outline));
  }
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
