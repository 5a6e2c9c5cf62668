/**
 * Heading-aware markdown chunking: a section that fits becomes one chunk; a longer one is split into its own text and
 * its subsections, and text that is still too long is packed into ~targetChars pieces that overlap by ~overlapChars.
 * A fenced code block is never split (a command cut in half is worse than an oversized chunk).
 */
import { Runbook, RunbookChunk } from './runbook';

export interface ChunkOptions {
  /** Preferred chunk size in characters. */
  targetChars?: number;
  /** Characters repeated from the end of one piece at the start of the next, inside a long section. */
  overlapChars?: number;
}

export interface MarkdownSection {
  /** 0 for text before the first heading. */
  level: number;
  heading: string;
  headingPath: string[];
  /** 0-based line index of the heading (or of the first line for level 0), into the body's lines. */
  startIndex: number;
  /** 0-based exclusive end of the section's own text (before its first subsection or next heading). */
  ownEndIndex: number;
  /** 0-based exclusive end including subsections. */
  endIndex: number;
}

interface Unit {
  start: number;
  end: number;
  chars: number;
  blank: boolean;
}

const headingPattern = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const fencePattern = /^ {0,3}(`{3,}|~{3,})/;

/** Finds every heading outside fenced code, with the heading path and line extent of its section. */
export function parseMarkdownSections(lines: string[]): MarkdownSection[] {
  const headings: { index: number; level: number; text: string }[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const fenceMatch = fencePattern.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) {
        fence = undefined;
      }
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      return;
    }
    const match = headingPattern.exec(line);
    if (match) headings.push({ index, level: match[1]!.length, text: match[2]!.trim() });
  });

  const sections: MarkdownSection[] = [];
  const firstHeading = headings[0]?.index ?? lines.length;
  if (firstHeading > 0) {
    sections.push({ level: 0, heading: '', headingPath: [], startIndex: 0, ownEndIndex: firstHeading, endIndex: firstHeading });
  }
  const stack: { level: number; text: string }[] = [];
  headings.forEach((h, i) => {
    while (stack.length > 0 && stack[stack.length - 1]!.level >= h.level) stack.pop();
    stack.push({ level: h.level, text: h.text });
    const next = headings[i + 1]?.index ?? lines.length;
    const closing = headings.slice(i + 1).find((later) => later.level <= h.level);
    sections.push({
      level: h.level,
      heading: h.text,
      headingPath: stack.map((s) => s.text),
      startIndex: h.index,
      ownEndIndex: next,
      endIndex: closing?.index ?? lines.length,
    });
  });
  return sections;
}

/** Splits a runbook into chunks that keep its id, title, category, heading path, file and 1-based line range. */
export function chunkRunbook(runbook: Runbook, options: ChunkOptions = {}): RunbookChunk[] {
  const targetChars = options.targetChars ?? 1000;
  const overlapChars = Math.min(options.overlapChars ?? 200, Math.floor(targetChars / 2));
  const lines = runbook.body.split('\n');
  const sections = parseMarkdownSections(lines);
  const units = toUnits(lines);
  const unitAt = new Map<number, number>(units.map((u, i) => [u.start, i]));
  const chunks: RunbookChunk[] = [];

  const emit = (start: number, end: number, headingPath: string[]): void => {
    while (start < end && lines[start]!.trim() === '') start++;
    while (end > start && lines[end - 1]!.trim() === '') end--;
    const text = lines.slice(start, end).join('\n');
    const withoutHeadings = lines
      .slice(start, end)
      .filter((l) => !headingPattern.test(l))
      .join('')
      .trim();
    if (withoutHeadings === '') return;
    chunks.push({
      id: `${runbook.id}#${chunks.length}`,
      runbookId: runbook.id,
      title: runbook.title,
      category: runbook.category,
      headingPath,
      file: runbook.file,
      startLine: runbook.bodyStartLine + start,
      endLine: runbook.bodyStartLine + end - 1,
      text,
    });
  };

  const chars = (start: number, end: number): number => {
    let total = 0;
    for (let i = start; i < end; i++) total += lines[i]!.length + 1;
    return total;
  };

  const packRange = (start: number, end: number, headingPath: string[]): void => {
    if (chars(start, end) <= targetChars * 1.2) return emit(start, end, headingPath);
    // Units never straddle a fence, so ranges start on a unit boundary; find the units inside [start, end).
    let first = unitAt.get(start);
    if (first === undefined) first = units.findIndex((u) => u.start >= start);
    let last = first;
    while (last < units.length && units[last]!.end <= end) last++;
    let i = first;
    while (i < last) {
      let j = i;
      let size = 0;
      while (j < last) {
        const unit = units[j]!;
        if (size > 0 && size + unit.chars > targetChars) break;
        size += unit.chars;
        j++;
        // Prefer ending at a paragraph break once the piece is reasonably full.
        if (size >= targetChars * 0.7 && j < last && units[j]!.blank) break;
      }
      emit(units[i]!.start, units[j - 1]!.end, headingPath);
      if (j >= last) break;
      let k = j;
      let overlap = 0;
      while (k - 1 > i && overlap + units[k - 1]!.chars <= overlapChars) {
        k--;
        overlap += units[k]!.chars;
      }
      while (k < j && units[k]!.blank) k++;
      i = k;
    }
  };

  const visit = (section: MarkdownSection): void => {
    if (chars(section.startIndex, section.endIndex) <= targetChars * 1.2) {
      emit(section.startIndex, section.endIndex, section.headingPath);
      return;
    }
    packRange(section.startIndex, section.ownEndIndex, section.headingPath);
    for (const child of childrenOf(section)) visit(child);
  };

  const childrenOf = (parent: MarkdownSection): MarkdownSection[] => {
    const result: MarkdownSection[] = [];
    let index = parent.ownEndIndex;
    while (index < parent.endIndex) {
      const child = sections.find((s) => s.startIndex === index && s.level > parent.level);
      if (!child) break;
      result.push(child);
      index = child.endIndex;
    }
    return result;
  };

  // Top-level sections: the preamble and every heading not nested in an earlier one.
  let index = 0;
  while (index < lines.length) {
    const section = sections.find((s) => s.startIndex === index);
    if (!section) break;
    visit(section);
    index = section.endIndex;
  }
  return chunks;
}

/** One unit per line, except that a whole fenced block is one unit. An unclosed fence runs to the end. */
function toUnits(lines: string[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = fencePattern.exec(line);
    if (fence) {
      const marker = fence[1]!;
      let j = i + 1;
      while (j < lines.length) {
        const close = fencePattern.exec(lines[j]!);
        if (close && close[1]![0] === marker[0] && close[1]!.length >= marker.length && lines[j]!.trim() === close[1]) break;
        j++;
      }
      const end = Math.min(j + 1, lines.length);
      let chars = 0;
      for (let k = i; k < end; k++) chars += lines[k]!.length + 1;
      units.push({ start: i, end, chars, blank: false });
      i = end;
    } else {
      units.push({ start: i, end: i + 1, chars: line.length + 1, blank: line.trim() === '' });
      i++;
    }
  }
  return units;
}
