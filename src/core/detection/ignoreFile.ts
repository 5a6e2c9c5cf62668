/**
 * `.ops/ignore.json` in a workspace folder: patterns the detector never reports, written by the editor's "Ignore this
 * pattern" quick fix and editable by hand. Entries are template ids, exact template texts, `/regex/flags` or
 * `re:regex` (see DetectorOptions.ignore).
 */
import { z } from 'zod';

export const ignoreFileRelativePath = '.ops/ignore.json';

export const ignoreFileSchema = z.object({
  version: z.literal(1).default(1),
  patterns: z.array(z.string().min(1).max(2000)).max(10_000).default([]),
});
export type IgnoreFile = z.infer<typeof ignoreFileSchema>;

export type IgnoreFileParse = { ok: true; file: IgnoreFile } | { ok: false; error: string };

export function parseIgnoreFile(text: string): IgnoreFileParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = ignoreFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { ok: true, file: parsed.data };
}

/** The file's text with `pattern` added (unchanged when already there); keeps existing entries in order. */
export function addIgnorePattern(existing: IgnoreFile | undefined, pattern: string): IgnoreFile {
  const patterns = existing?.patterns ?? [];
  return { version: 1, patterns: patterns.includes(pattern) ? patterns : [...patterns, pattern] };
}

export function serializeIgnoreFile(file: IgnoreFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Entries safe to honour from a workspace we do not trust: regular expressions from an untrusted repository could be
 * written to hang the extension host (catastrophic backtracking), so only exact ids and texts are kept.
 */
export function trustedIgnoreEntries(patterns: readonly string[], workspaceTrusted: boolean): string[] {
  if (workspaceTrusted) return [...patterns];
  return patterns.filter((p) => !p.startsWith('re:') && !/^\/.+\/[a-z]*$/s.test(p));
}
