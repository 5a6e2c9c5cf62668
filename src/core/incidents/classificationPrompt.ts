/** The classification request: category definitions, the offline prior, retrieved runbooks and few-shot examples. */
import type { ChatMessage } from '../llm/chatModel';
import { buildContextBlocks, dataBlock, dataBlockRule, IncidentFacts } from '../copilot/promptContext';
import type { RetrievedChunk } from '../copilot/runbookRetrieval';
import type { IncidentCategory, IncidentSeverity } from './incident';
import type { OfflineClassification } from './offlineClassifier';

/** A labelled past incident (e.g. a user's correction) shown to the model as an example. */
export interface ClassificationExample {
  text: string;
  category: IncidentCategory;
  subcategory?: string;
  severity?: IncidentSeverity;
}

const systemPrompt = `You are an SRE incident triage assistant. Classify one incident.

Categories (pick exactly one, by the root cause or the layer that failed, not by the symptom users saw):
- Network: DNS, TLS/certificates, connectivity (refused/reset/unreachable), packet loss, routing/BGP/VPC/firewalls, load balancers, proxies/gateways (502/504), CDN, rate limiting by a provider.
- Database: relational/NoSQL databases and data stores (Postgres, MySQL, Mongo, Redis, Elasticsearch, ...): connection pools, replication, locks/deadlocks, slow queries, storage engines.
- Application: the service's own code or configuration: exceptions, bad deploys/regressions, crash loops, config errors, data validation, circuit breakers, failing jobs.
- Security: attacks and exposures: brute force, injection, leaked credentials, privilege escalation, malware, data exposure.
- Hardware: physical or node-level failures: disks (full or failing), memory/ECC, CPU faults, power/thermal, node down/NotReady, clock drift.
- Performance: saturation and slowness without a broken component: high CPU, memory pressure/leaks, OOM kills, latency degradation, queue backlogs, resource limits.

Severity: critical = outage, data loss or active breach (P1); high = major degradation or many users affected (P2); medium = partial or contained impact (P3); low = minor, no user impact (P4).
subcategory: a short kebab-case name (e.g. "dns", "connection-pool", "brute-force"); confidence: 0-1, your probability that the category is right.
rationale: one or two sentences naming the evidence.

An offline rule-based classifier's result is given as a prior: it is usually right when its confidence is high; overrule it only when the evidence clearly points elsewhere, and say why.
${dataBlockRule}`;

export interface ClassificationPromptInput {
  facts: IncidentFacts;
  prior: OfflineClassification;
  hits: readonly RetrievedChunk[];
  examples?: readonly ClassificationExample[];
  maxTokens: number;
}

export function buildClassificationMessages(input: ClassificationPromptInput): ChatMessage[] {
  const parts: string[] = ['Classify this incident.'];
  const exampleBudget = Math.floor(input.maxTokens * 0.2);
  const examples = (input.examples ?? []).slice(0, 8);
  if (examples.length > 0) {
    const text = examples
      .map((e) => `- ${JSON.stringify(e.text.slice(0, Math.max(80, (exampleBudget * 4) / examples.length)))} → ${e.category}` +
        `${e.subcategory ? '/' + e.subcategory : ''}${e.severity ? ', ' + e.severity : ''}`)
      .join('\n');
    parts.push('Past incidents as classified by the team (follow their conventions):', dataBlock('EXAMPLES', text));
  }
  const runbookTitles = uniqueRunbooks(input.hits)
    .map((h) => `- ${h.chunk.runbookId}: ${h.chunk.title} [${h.chunk.category ?? 'uncategorised'}]`)
    .join('\n');
  const blocks = buildContextBlocks(input.facts, [], { maxTokens: input.maxTokens - (examples.length > 0 ? exampleBudget : 0) });
  parts.push(...blocks);
  if (runbookTitles) parts.push('Runbooks that retrieval found most relevant, best first (their category is a hint):', dataBlock('RUNBOOKS', runbookTitles));
  const prior = input.prior;
  const ranked = Object.entries(prior.scores)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([c, s]) => `${c} ${Math.round(s * 100)}%`)
    .join(', ');
  parts.push(
    `Offline prior: ${prior.category}/${prior.subcategory}, severity ${prior.severity}, confidence ${prior.confidence} (${ranked}). ` +
      `Its reasoning: ${prior.rationale}`,
  );
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

function uniqueRunbooks(hits: readonly RetrievedChunk[]): RetrievedChunk[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.chunk.runbookId) && seen.add(h.chunk.runbookId)).slice(0, 5);
}
