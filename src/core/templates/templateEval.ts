/**
 * Scores mined templates against labelled logs: grouping accuracy (which lines share a template) and parsing accuracy
 * (the template text itself), the two measures of the LogPAI benchmark. Labels come per physical line, either as the
 * expected template text (our fixtures' `.expected`) or as LogHub's structured `LineId, EventId, EventTemplate` rows.
 */
import { readFile } from 'node:fs/promises';
import { mineFile } from '../logs/logPipeline';
import { groupingAccuracy, templateAccuracy } from './groupingAccuracy';
import { drainParse, DrainSettings } from './drainBaseline';

export interface LineLabels {
  /** Group key per line (the event id, or the expected template text). */
  groups: string[];
  /** Expected template text per line. */
  templates: string[];
}

export interface TemplateScore {
  lines: number;
  groupingAccuracy: number;
  /** Exact template text per line (whitespace collapsed). */
  parsingAccuracy: number;
  /** The same with notation normalised: quotes around `<*>`, punctuation glued to it, `x_<*>`, `<*> <*>` runs. */
  lenientParsingAccuracy: number;
  templates: number;
  expectedTemplates: number;
  /** Predicted template per line, for reports. */
  predicted: string[];
}

/**
 * Reads `<name>.expected` (one template per line), `<name>.truth.tsv` (LineId<TAB>EventId<TAB>EventTemplate) or a
 * LogHub structured CSV as published (`<name>.log_structured.csv`, `…_structured_corrected.csv`: a header row naming
 * LineId, EventId and EventTemplate among other columns).
 */
export async function readLineLabels(path: string): Promise<LineLabels> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.csv')) return labelsFromCsv(text, path);
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  if (!path.endsWith('.tsv')) return { groups: rows, templates: rows };
  const groups: string[] = [];
  const templates: string[] = [];
  for (const row of rows) {
    const [, eventId, ...rest] = row.split('\t');
    groups.push(eventId ?? '');
    templates.push(rest.join('\t'));
  }
  return { groups, templates };
}

function labelsFromCsv(text: string, path: string): LineLabels {
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];
  const column = (name: string): number => {
    const at = header.findIndex((h) => h.trim().replace(/^\uFEFF/, '') === name);
    if (at < 0) throw new Error(`${path}: no ${name} column (header: ${header.join(', ')})`);
    return at;
  };
  const lineId = column('LineId');
  const eventId = column('EventId');
  const eventTemplate = column('EventTemplate');
  const groups: string[] = [];
  const templates: string[] = [];
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue;
    const line = Number(row[lineId]);
    if (!Number.isInteger(line) || line !== groups.length + 1) throw new Error(`${path}: row ${groups.length + 2} has LineId ${row[lineId]}, expected ${groups.length + 1}`);
    groups.push(row[eventId] ?? '');
    templates.push(row[eventTemplate] ?? '');
  }
  return { groups, templates };
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes; CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field.length === 0) quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Convention-free form of a template for lenient comparison. */
export function lenientTemplate(template: string): string {
  return template
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .map((token) => (token.includes('<*>') ? '<*>' : token))
    .join(' ')
    .replace(/<\*>(?: <\*>)+/g, '<*>');
}

/** Mines a log file and scores its per-line templates (multi-line records give every line the record's template). */
export async function scoreTemplates(logPath: string, labels: LineLabels): Promise<TemplateScore> {
  const mined = await mineFile(logPath);
  const predicted: string[] = [];
  const ids: string[] = [];
  for (let r = 0, line = 1; r < mined.recordEndLines.length; r++) {
    const id = mined.miner.resolveId(mined.recordTemplateIds[r]);
    const text = mined.miner.templateOf(id);
    for (; line <= mined.recordEndLines[r]; line++) {
      ids.push(id);
      predicted.push(text);
    }
  }
  const n = Math.min(predicted.length, labels.groups.length);
  if (predicted.length !== labels.groups.length) {
    throw new Error(`${logPath}: ${predicted.length} lines mined but ${labels.groups.length} labelled`);
  }
  let lenient = 0;
  for (let i = 0; i < n; i++) if (lenientTemplate(predicted[i]) === lenientTemplate(labels.templates[i])) lenient++;
  return {
    lines: n,
    groupingAccuracy: groupingAccuracy(ids, labels.groups),
    parsingAccuracy: templateAccuracy(predicted, labels.templates),
    lenientParsingAccuracy: n === 0 ? 1 : lenient / n,
    templates: new Set(ids).size,
    expectedTemplates: new Set(labels.groups).size,
    predicted,
  };
}

/** The same scores for the Drain baseline under its per-system benchmark settings (drainBaseline.ts). */
export async function scoreDrain(logPath: string, labels: LineLabels, settings: DrainSettings): Promise<Omit<TemplateScore, 'predicted'>> {
  const lines = (await readFile(logPath, 'utf8')).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== labels.groups.length) throw new Error(`${logPath}: ${lines.length} lines but ${labels.groups.length} labelled`);
  const { templates, clusterIds } = drainParse(lines, settings);
  let lenient = 0;
  for (let i = 0; i < templates.length; i++) if (lenientTemplate(templates[i]) === lenientTemplate(labels.templates[i])) lenient++;
  return {
    lines: lines.length,
    groupingAccuracy: groupingAccuracy(clusterIds.map(String), labels.groups),
    parsingAccuracy: templateAccuracy(templates, labels.templates),
    lenientParsingAccuracy: lines.length === 0 ? 1 : lenient / lines.length,
    templates: new Set(clusterIds).size,
    expectedTemplates: new Set(labels.groups).size,
  };
}
