/**
 * Reads a runbook's action sections (Diagnosis, Mitigation, Resolution, Verification, Rollback) into ordered items:
 * each numbered item, bullet or sub-heading becomes one item with its prose, the commands of its fenced code blocks
 * and the file line it starts on. Sections are recognised by common synonyms so team runbooks without our exact
 * headings still work.
 */
import { parseMarkdownSections } from '../runbooks/runbookChunker';
import type { Runbook } from '../runbooks/runbook';

export type ActionSectionKind = 'diagnosis' | 'mitigation' | 'resolution' | 'verification' | 'rollback';

export interface RunbookItem {
  section: ActionSectionKind;
  /** The sub-heading or the item's first sentence. */
  title: string;
  /** Prose without code blocks, markdown emphasis removed. */
  detail: string;
  /** Fenced shell/SQL blocks of the item, each trimmed; prose-only items have none. */
  commands: string[];
  /** Inline `code` spans in the prose that read as commands (`nginx -s reopen`): checked for risk like the others. */
  inlineCommands: string[];
  /** The item's whole prose before its code (title sentence included). */
  text: string;
  /** Sentences after the item's code, which usually say how to read the output. */
  afterText: string;
  /** 1-based line in the runbook file. */
  line: number;
}

export interface RunbookActions {
  items: RunbookItem[];
  /** Prose of each action section (for success criteria and rollback), with its file line. */
  sectionText: Partial<Record<ActionSectionKind, { text: string; line: number; commands: string[] }>>;
}

const sectionPatterns: [ActionSectionKind, RegExp][] = [
  ['rollback', /roll ?back|revert|undo|back ?out/i],
  ['verification', /verif|validat|confirm|health ?check|how to know/i],
  ['diagnosis', /diagnos|investigat|triage|troubleshoot|identify|checks?\b|inspect/i],
  ['mitigation', /mitigat|immediate|workaround|remediat|recover|quick fix|stop the bleeding|\bfix\b|actions?/i],
  ['resolution', /resol|long[- ]term|prevent|follow[- ]?up|permanent|root cause/i],
];

/** Languages whose fenced blocks are things to run; config and sample output blocks are not commands. */
const commandLanguages = new Set(['', 'sh', 'bash', 'shell', 'console', 'zsh', 'powershell', 'ps1', 'pwsh', 'cmd', 'sql', 'psql', 'mysql', 'redis', 'cql', 'kql', 'promql', 'fish']);

export function sectionKind(heading: string): ActionSectionKind | undefined {
  return sectionPatterns.find(([, pattern]) => pattern.test(heading))?.[0];
}

export function readRunbookActions(runbook: Runbook): RunbookActions {
  const lines = runbook.body.split('\n');
  const sections = parseMarkdownSections(lines);
  const items: RunbookItem[] = [];
  const sectionText: RunbookActions['sectionText'] = {};
  // Only the shallowest headings that name an action section count; their subsections are read as items.
  const actionSections = sections
    .filter((s) => s.level >= 2 || (s.level === 1 && sections.filter((t) => t.level === 1).length > 1))
    .map((s) => ({ section: s, kind: sectionKind(s.heading) }))
    .filter((s): s is { section: (typeof sections)[number]; kind: ActionSectionKind } => s.kind !== undefined);
  const taken: [number, number][] = [];
  for (const { section, kind } of actionSections) {
    if (taken.some(([start, end]) => section.startIndex > start && section.startIndex < end)) continue;
    taken.push([section.startIndex, section.endIndex]);
    const body = lines.slice(section.startIndex + 1, section.endIndex);
    const firstLine = runbook.bodyStartLine + section.startIndex + 1;
    const parsed = splitItems(body, firstLine, kind);
    items.push(...parsed.items);
    if (!sectionText[kind]) {
      sectionText[kind] = { text: parsed.prose, line: runbook.bodyStartLine + section.startIndex, commands: parsed.items.flatMap((i) => i.commands).concat(parsed.looseCommands) };
    }
  }
  return { items, sectionText };
}

interface Segment {
  start: number;
  lines: string[];
  heading?: string;
}

function splitItems(body: string[], firstLine: number, kind: ActionSectionKind): { items: RunbookItem[]; prose: string; looseCommands: string[] } {
  const numbered = /^ {0,3}\d{1,2}[.)]\s+/;
  const bullet = /^ {0,1}[-*+]\s+/;
  const subHeading = /^ {0,3}#{3,6}\s+(.*?)\s*#*\s*$/;
  const fence = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
  const hasNumbered = body.some((l) => numbered.test(l));
  const hasHeadings = body.some((l) => subHeading.test(l));
  const starts = (line: string): boolean =>
    subHeading.test(line) || (hasNumbered ? numbered.test(line) : !hasHeadings && bullet.test(line));

  const segments: Segment[] = [];
  let preamble: Segment = { start: 0, lines: [] };
  let current: Segment = preamble;
  let inFence = false;
  body.forEach((line, index) => {
    if (fence.test(line)) inFence = !inFence;
    else if (!inFence && starts(line)) {
      const heading = subHeading.exec(line)?.[1];
      current = { start: index, lines: heading ? [] : [line], heading };
      segments.push(current);
      return;
    }
    current.lines.push(line);
  });
  if (segments.length === 0) preamble = { start: 0, lines: body };

  const items = segments.map((segment) => toItem(segment, firstLine, kind, fence)).filter((i): i is RunbookItem => i !== undefined);
  const preambleItem = toItem(preamble, firstLine, kind, fence);
  const proseAll = [preambleItem, ...items]
    .map((i) => (i ? [i.text, i.afterText].filter(Boolean).join(' ') : ''))
    .filter(Boolean)
    .join('\n');
  // A section that is only prose with a code block (no list) becomes one item, so its command is not lost.
  if (items.length === 0 && preambleItem && preambleItem.commands.length > 0) return { items: [preambleItem], prose: proseAll, looseCommands: [] };
  return { items, prose: proseAll, looseCommands: preambleItem?.commands ?? [] };
}

function toItem(segment: Segment, firstLine: number, kind: ActionSectionKind, fence: RegExp): RunbookItem | undefined {
  const prose: string[] = [];
  const after: string[] = [];
  const commands: string[] = [];
  let block: string[] | undefined;
  let blockLanguage = '';
  let seenCode = false;
  for (const line of segment.lines) {
    const fenceMatch = fence.exec(line);
    if (fenceMatch) {
      if (block === undefined) {
        block = [];
        blockLanguage = fenceMatch[2]!.toLowerCase();
      } else {
        const text = dedent(block.map((l) => l.replace(/^(\s*)\$ /, '$1'))).join('\n').trim();
        if (text && commandLanguages.has(blockLanguage)) {
          commands.push(text);
          seenCode = true;
        } else if (text) prose.push(text);
        block = undefined;
      }
      continue;
    }
    if (block !== undefined) block.push(line);
    else (seenCode ? after : prose).push(line);
  }
  const detail = cleanProse(prose.join('\n'));
  const afterText = cleanProse(after.join('\n'));
  // Code-first sections ("```df -h```, then prose") are titled by their kind, their prose is then the reading guide.
  const title = segment.heading ? cleanProse(segment.heading) : firstSentence(detail);
  if (!title && commands.length === 0) return undefined;
  const rest = segment.heading || title.endsWith('…') ? detail : detail.slice(title.length).replace(/^[\s:.?!)-]+/, '');
  const inlineCommands = [...`${detail} ${afterText}`.matchAll(/`([^`\n]{3,300})`/g)].map((m) => m[1]!).filter(looksLikeCommand);
  return { section: kind, title: title || defaultTitles[kind], detail: rest, text: detail, commands, inlineCommands, afterText, line: firstLine + segment.start };
}

const defaultTitles: Record<ActionSectionKind, string> = {
  diagnosis: 'Diagnose',
  mitigation: 'Mitigate',
  resolution: 'Fix the cause',
  verification: 'Verify the fix',
  rollback: 'Roll back',
};

const commandWords =
  /^(?:sudo|kubectl|helm|docker|podman|crictl|systemctl|journalctl|service|curl|wget|ssh|scp|rsync|git|terraform|aws|az|gcloud|psql|mysql|mysqladmin|mongo(?:sh)?|redis-cli|nodetool|rm|mv|cp|find|truncate|kill|pkill|killall|iptables|nft|ufw|ip|ss|netstat|dig|nslookup|host|openssl|chmod|chown|mount|umount|mkfs\S*|dd|fdisk|parted|lvextend|resize2fs|xfs_growfs|growpart|reboot|shutdown|halt|df|du|lsof|top|ps|free|vmstat|iostat|tail|cat|grep|ls|nginx|apachectl|certbot|ntpq|chronyc|timedatectl|smartctl|mdadm|dmesg|npm|pip|DROP|TRUNCATE|DELETE|UPDATE|ALTER|PURGE|SELECT|SHOW|FLUSHALL|FLUSHDB|CONFIG|KILL|SET|GRANT|REVOKE|INSERT|CREATE|VACUUM|REINDEX)\b/;

/** An inline span reads as a command when it starts with a known tool or SQL verb and has arguments. */
export function looksLikeCommand(span: string): boolean {
  const text = span.trim();
  return /\s/.test(text) && (commandWords.test(text) || /^[a-z][\w.-]*\s+--?[a-zA-Z]/.test(text));
}

/** Removes the indentation all non-blank lines share (code blocks nested in list items are indented). */
function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length)));
}

/** Strips list markers and emphasis, joins wrapped lines. Inline code keeps its backticks (they mark literal text). */
export function cleanProse(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*(?:\d{1,2}[.)]|[-*+])\s+/, '').trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, '$1$2')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=[\s).,;:]|$)/g, '$1$2')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The first sentence, without a trailing colon or period; backtick spans and parentheses are kept whole. A short
 * lead-in before a colon ("Third-party: check the vendor status page.") runs on to the next sentence end, so the title
 * says what to do.
 */
export function firstSentence(text: string, maxChars = 140): string {
  let inCode = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') inCode = !inCode;
    if (inCode) continue;
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth > 0 || /(?:\be\.g|\bi\.e|\betc|\bvs)$/i.test(text.slice(Math.max(0, i - 4), i))) continue;
    if ((ch === '.' || ch === ':' || ch === '!' || ch === '?') && (i + 1 === text.length || text[i + 1] === ' ')) {
      const head = text.slice(0, i).trim();
      if (ch === ':' && head.split(/\s+/).length <= 3 && i + 1 < text.length) {
        const rest = firstSentence(text.slice(i + 1).trim(), maxChars);
        return clip(`${head}: ${rest}`, maxChars);
      }
      return clip(ch === '?' || ch === '!' ? `${head}${ch}` : head, maxChars);
    }
  }
  return clip(text.trim(), maxChars);
}

function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1).trimEnd()}…` : text;
}
