/**
 * The "Analyze This Log" report as markdown: anomalies with jump-to-line links, the top templates with counts and a
 * short timeline. Log text is untrusted: it only ever appears inside code spans, never as markdown or HTML.
 */
import type { LogTemplate } from '../templates/logTemplate';
import type { Anomaly } from './anomaly';
import type { TimelineBucket } from './fileAnalysis';

export interface AnalysisReportInput {
  /** What was analysed, for the heading (a file name, "lines 10–200 of app.log"). */
  title: string;
  lines: number;
  records: number;
  anomalies: readonly Anomaly[];
  templates: readonly LogTemplate[];
  timeline: readonly TimelineBucket[];
  /** Whether timeline starts are epoch ms (else line numbers). */
  timed: boolean;
  elapsedMs: number;
}

/** `linkFor(line)` returns a link target for a 1-based line (e.g. a file URI with `#L42`). */
export function renderAnalysisReport(input: AnalysisReportInput, linkFor: (line: number) => string): string {
  const out: string[] = [];
  out.push(`# Log analysis: ${plain(input.title)}`, '');
  out.push(
    `${input.lines.toLocaleString('en-US')} lines, ${input.records.toLocaleString('en-US')} records, ` +
      `${input.templates.length === 0 ? 'no' : input.templates.length} templates shown, analysed in ${formatMs(input.elapsedMs)}.`,
    '',
  );
  out.push(`## Anomalies (${input.anomalies.length})`, '');
  if (input.anomalies.length === 0) out.push('No anomalies found.', '');
  for (const anomaly of input.anomalies) {
    const line = anomaly.evidence[0]?.line ?? anomaly.firstLine;
    out.push(
      `### ${severityMark(anomaly.severity)} ${plain(anomaly.title)} — [line ${line}](${linkFor(line)})`,
      '',
      `${plain(anomaly.explanation)}`,
      '',
      `Type \`${anomaly.type}\`, lines ${anomaly.firstLine}–${anomaly.lastLine}, score ${anomaly.score.toFixed(2)}.`,
      '',
    );
    for (const evidence of anomaly.evidence.slice(0, 5)) {
      out.push(`- [${evidence.line}](${linkFor(evidence.line)}) ${codeSpan(evidence.text.split('\n', 1)[0]!.slice(0, 240))}`);
    }
    out.push('');
  }
  out.push('## Top templates', '');
  if (input.templates.length === 0) out.push('No records.', '');
  else {
    out.push('| Count | Template | First line |', '| ---: | --- | ---: |');
    for (const template of input.templates) {
      out.push(`| ${template.count} | ${codeSpan(template.text.slice(0, 200)).replace(/\|/g, '\\|')} | [${template.firstLine}](${linkFor(template.firstLine)}) |`);
    }
    out.push('');
  }
  out.push('## Timeline', '');
  if (input.timeline.length === 0) out.push('No records.');
  else {
    const max = Math.max(...input.timeline.map((b) => b.records));
    out.push('```text');
    for (const bucket of input.timeline) {
      const label = input.timed ? new Date(bucket.start).toISOString().slice(0, 19).replace('T', ' ') : `line ${bucket.start}`;
      const bar = '█'.repeat(Math.round((bucket.records / Math.max(1, max)) * 30));
      out.push(`${label.padEnd(19)} ${bar.padEnd(30)} ${bucket.records} records${bucket.errors ? `, ${bucket.errors} errors` : ''}`);
    }
    out.push('```');
  }
  return `${out.join('\n')}\n`;
}

function severityMark(severity: Anomaly['severity']): string {
  return severity === 'error' ? '🔴' : severity === 'warning' ? '🟠' : '🔵';
}

/** Inline text from the log or the detector with markdown and HTML neutralised. */
function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
