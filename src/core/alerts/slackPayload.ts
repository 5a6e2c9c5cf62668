/**
 * The Slack message for an anomaly: a plain-text fallback plus blocks (header, explanation, fields with severity and
 * file:line, context). Everything passes through the redactor and then Slack's escaping, so log content can neither
 * leak secrets nor inject mentions or links (<!channel>, <http://...|click>).
 */
import type { Anomaly } from '../detection/anomaly';

export interface SlackTextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackTextObject }
  | { type: 'section'; text?: SlackTextObject; fields?: SlackTextObject[] }
  | { type: 'context'; elements: SlackTextObject[] };

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export interface SlackPayloadOptions {
  redact: (text: string) => string;
  severityRaised: boolean;
  source?: string;
  includeEvidence: boolean;
  now: number;
}

const severityIcon = { error: '🔴', warning: '🟠', info: '🔵' } as const;

export function buildSlackPayload(anomaly: Anomaly, options: SlackPayloadOptions): SlackPayload {
  const clean = (text: string, max: number) => cut(options.redact(text.replace(/\s+/g, ' ').trim()), max);
  const title = clean(anomaly.title, 140);
  const explanation = clean(anomaly.explanation, 2500);
  const location = clean(`${anomaly.file}:${anomaly.firstLine}`, 300);
  const prefix = options.severityRaised ? 'Severity raised: ' : '';
  const blocks: SlackBlock[] = [
    // plain_text is not parsed for mentions, but clients differ on entities: swap the brackets for inert look-alikes.
    { type: 'header', text: { type: 'plain_text', text: cut(`${severityIcon[anomaly.severity]} ${prefix}${title.replace(/</g, '‹').replace(/>/g, '›')}`, 150), emoji: true } },
  ];
  if (explanation) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(explanation) } });
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Severity*\n${anomaly.severity}` },
      { type: 'mrkdwn', text: `*Location*\n\`${escapeMrkdwn(location).replace(/`/g, "'")}\`` },
      { type: 'mrkdwn', text: `*Type*\n${anomaly.type.replace(/_/g, ' ')}` },
      { type: 'mrkdwn', text: `*Lines*\n${anomaly.firstLine}–${anomaly.lastLine}` },
    ],
  });
  if (options.includeEvidence && anomaly.evidence.length > 0) {
    const lines = anomaly.evidence.slice(0, 3).map((e) => `${e.line}: ${clean(e.text, 300)}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${escapeMrkdwn(lines.join('\n')).replace(/```/g, "'''")}\`\`\`` } });
  }
  const context = [`Ops Copilot`, options.source ? clean(options.source, 100) : undefined, `anomaly ${clean(anomaly.id, 80)}`, new Date(options.now).toISOString()]
    .filter(Boolean)
    .join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(context) }] });
  const text = escapeMrkdwn(`[${anomaly.severity.toUpperCase()}] ${prefix}${title}${explanation ? ` — ${explanation}` : ''} (${location})`);
  return { text: cut(text, 3000), blocks };
}

/** Slack's required escaping for text it parses: only &, < and > are control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
