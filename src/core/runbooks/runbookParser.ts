/** Markdown runbook → Runbook: YAML front matter when present, else title from the first heading, id from the file. */
import * as path from 'node:path';
import yaml from 'js-yaml';
import { Runbook, RunbookCategory, runbookCategories } from './runbook';
import { inferRunbookCategory } from './inferRunbookCategory';

export class RunbookParseError extends Error {
  override readonly name = 'RunbookParseError';
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

export interface ParsedRunbook {
  runbook: Runbook;
  /** Non-fatal problems (unknown category, bad id), worth a log line. */
  warnings: string[];
}

const idPattern = /^[a-z0-9][a-z0-9._-]*$/i;

/** Parses one runbook file's text. Throws RunbookParseError when the front matter is not valid YAML. */
export function parseRunbook(text: string, file: string, origin = 'workspace'): ParsedRunbook {
  const warnings: string[] = [];
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normalized.split('\n');
  let front: Record<string, unknown> = {};
  let bodyStartIndex = 0;
  let hasFrontMatter = false;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
    if (end < 0) throw new RunbookParseError(file, 1, 'front matter starts with --- but never ends');
    let loaded: unknown;
    try {
      loaded = yaml.load(lines.slice(1, end).join('\n'), { schema: yaml.CORE_SCHEMA });
    } catch (error) {
      const mark = (error as { mark?: { line?: number } }).mark;
      const reason = (error as { reason?: string }).reason ?? (error as Error).message;
      throw new RunbookParseError(file, 2 + (mark?.line ?? 0), `invalid YAML front matter: ${reason}`);
    }
    if (loaded !== null && loaded !== undefined && (typeof loaded !== 'object' || Array.isArray(loaded))) {
      throw new RunbookParseError(file, 2, 'front matter must be a YAML mapping');
    }
    front = (loaded ?? {}) as Record<string, unknown>;
    bodyStartIndex = end + 1;
    hasFrontMatter = true;
  }
  const body = lines.slice(bodyStartIndex).join('\n');
  const fileId = path.basename(file).replace(/\.(md|markdown)$/i, '');

  let id = fileId;
  if (front.id !== undefined) {
    const candidate = String(front.id).trim();
    if (idPattern.test(candidate)) id = candidate;
    else warnings.push(`id '${candidate}' is not a simple name; using '${fileId}'`);
  }
  const firstHeading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(stripFences(body))?.[1];
  const title = stringField(front.title) ?? firstHeading ?? humanize(fileId);
  const tags = stringList(front.tags);
  const signals = stringList(front.signals);

  let category: RunbookCategory | undefined;
  let categoryInferred = false;
  const rawCategory = stringField(front.category);
  if (rawCategory) {
    category = runbookCategories.find((c) => c.toLowerCase() === rawCategory.toLowerCase());
    if (!category) warnings.push(`unknown category '${rawCategory}' (expected one of ${runbookCategories.join(', ')})`);
  }
  if (!category) {
    category = inferRunbookCategory(`${title}\n${tags.join(' ')}\n${signals.join('\n')}\n${body}`);
    categoryInferred = category !== undefined;
  }
  const severity = stringField(front.severity)?.toLowerCase();
  return {
    runbook: {
      id,
      title,
      category,
      categoryInferred: categoryInferred || undefined,
      severity,
      tags,
      signals,
      file,
      body,
      bodyStartLine: bodyStartIndex + 1,
      hasFrontMatter,
      origin,
    },
    warnings,
  };
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Accepts a YAML list or a comma-separated string, as people write both. */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => stringField(v)).filter((v): v is string => v !== undefined);
  const single = stringField(value);
  return single ? single.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function stripFences(body: string): string {
  return body.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

function humanize(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
