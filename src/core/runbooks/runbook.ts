/** The runbook model shared by loading, chunking, indexing and retrieval. */

export const runbookCategories = ['Network', 'Database', 'Application', 'Security', 'Hardware', 'Performance'] as const;
export type RunbookCategory = (typeof runbookCategories)[number];

export const runbookSeverities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type RunbookSeverity = (typeof runbookSeverities)[number];

/** The sections every shipped runbook has, in this order. */
export const runbookSectionNames = [
  'Symptoms',
  'Impact',
  'Diagnosis',
  'Mitigation',
  'Resolution',
  'Rollback',
  'Verification',
  'Escalation',
] as const;

export interface Runbook {
  /** Stable name: the front matter `id`, else the file name without `.md`. */
  id: string;
  title: string;
  category?: RunbookCategory;
  /** True when the category was guessed from the content (no front matter category). */
  categoryInferred?: boolean;
  severity?: string;
  tags: string[];
  /** Log patterns and error strings that point to this runbook. */
  signals: string[];
  /** Absolute path of the markdown file. */
  file: string;
  /** The markdown after the front matter. */
  body: string;
  /** 1-based line of the file on which `body` starts (after the front matter). */
  bodyStartLine: number;
  hasFrontMatter: boolean;
  /** Where it came from, e.g. 'shipped' or 'workspace'. */
  origin: string;
}

export interface RunbookChunk {
  /** `<runbookId>#<ordinal>`: unique within one library, not stable across edits. */
  id: string;
  runbookId: string;
  title: string;
  category?: RunbookCategory;
  /** Headings from the top-level one down to the chunk's own. */
  headingPath: string[];
  file: string;
  /** 1-based inclusive line range in `file`. */
  startLine: number;
  endLine: number;
  /** The markdown of the chunk. */
  text: string;
}

/** The text given to an embedder for a chunk: its place in the runbook, then its content. */
export function chunkEmbeddingText(chunk: RunbookChunk): string {
  const path = chunk.headingPath.filter((h) => h !== chunk.title);
  return `${chunk.title}${path.length > 0 ? ' > ' + path.join(' > ') : ''}\n${chunk.text}`;
}
