/**
 * Feedback as fine-tuning data: one chat-format JSON line per labelled classification
 * ({"messages":[system, user, assistant]}), the assistant turn being the reply the person said is right.
 */
import { defaultIncidentFormat } from './fewShotExamples';
import { FeedbackItem, isCorrection } from './feedbackRecord';
import { labelledReply } from './labelledReply';
import { redact as redactSecrets } from '../safety/redactor';

export const defaultFineTuningSystemPrompt =
  'You are an SRE assistant. Classify the incident into exactly one category: Network, Database, Application, Security, ' +
  'Hardware or Performance. Reply with JSON only: {"category", "subcategory", "severity" (critical|high|medium|low), ' +
  '"priority" (P1-P4), "confidence" (0-1), "rationale"}.';

export interface FineTuningExportOptions {
  systemPrompt?: string;
  formatIncident?: (text: string) => string;
  /** Applied to every text before export (log lines may hold secrets). Default: the safety redactor. */
  redact?: (text: string) => string;
  /** 'corrections' exports only items whose category was corrected; 'all' adds 👍 confirmations. */
  include?: 'all' | 'corrections';
}

export interface FineTuningExport {
  /** JSON Lines, one example per line, ending with a newline (empty string when there is nothing to export). */
  jsonl: string;
  exported: number;
  /** Feedback that cannot be an example: 👎 without a correction, plan feedback, or (with 'corrections') 👍. */
  skipped: number;
}

export function exportFineTuningJsonl(items: readonly FeedbackItem[], options: FineTuningExportOptions = {}): FineTuningExport {
  const systemPrompt = options.systemPrompt ?? defaultFineTuningSystemPrompt;
  const format = options.formatIncident ?? defaultIncidentFormat;
  const redact = options.redact ?? ((text: string) => redactSecrets(text).text);
  const lines: string[] = [];
  let skipped = 0;
  for (const item of [...items].sort((a, b) => a.at - b.at)) {
    const reply = options.include === 'corrections' && !isCorrection(item) ? undefined : labelledReply(item);
    if (!reply) {
      skipped++;
      continue;
    }
    lines.push(
      JSON.stringify({
        messages: [
          { role: 'system', content: systemPrompt },
          { role: 'user', content: format(redact(item.inputText)) },
          { role: 'assistant', content: JSON.stringify({ ...reply, rationale: redact(reply.rationale) }) },
        ],
      }),
    );
  }
  return { jsonl: lines.length ? `${lines.join('\n')}\n` : '', exported: lines.length, skipped };
}
