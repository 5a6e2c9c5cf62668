/** Reads every markdown runbook under a set of folders; a bad file is reported and skipped, never fatal. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Runbook } from './runbook';
import { parseRunbook } from './runbookParser';

export interface RunbookSource {
  dir: string;
  /** Shown in listings, e.g. 'shipped' or 'workspace'. */
  origin: string;
}

export interface LoadedRunbooks {
  /** Later sources win on a duplicate id (a team's own disk-full replaces the shipped one). */
  runbooks: Runbook[];
  /** One line per skipped file or ignored field, with the file path. */
  problems: string[];
}

/** Files bigger than this are not runbooks (a pasted log, a generated dump). */
const maxFileBytes = 1024 * 1024;
const maxFiles = 5000;
const skippedDirectories = new Set(['node_modules', '.git', 'dist', 'out', 'build']);
/** Folder indexes, not incident procedures. */
const skippedFiles = new Set(['readme.md', 'index.md', '_index.md', 'summary.md', 'template.md', '_template.md']);

export async function loadRunbooks(sources: RunbookSource[], signal?: AbortSignal): Promise<LoadedRunbooks> {
  const byId = new Map<string, Runbook>();
  const problems: string[] = [];
  for (const source of sources) {
    const files = await listMarkdownFiles(source.dir, problems);
    if (signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    // Read in parallel, then apply in file order so duplicate-id resolution stays deterministic.
    // Slices of 32 keep open file handles bounded on big folders.
    const parsed: Awaited<ReturnType<typeof readRunbookFile>>[] = [];
    for (let i = 0; i < files.length; i += 32) {
      parsed.push(...(await Promise.all(files.slice(i, i + 32).map((file) => readRunbookFile(file, source.origin)))));
    }
    for (const result of parsed) {
      problems.push(...result.problems);
      if (!result.runbook) continue;
      const previous = byId.get(result.runbook.id);
      if (previous) problems.push(`${result.runbook.file}: id '${result.runbook.id}' also in ${previous.file}; using ${result.runbook.file}`);
      byId.set(result.runbook.id, result.runbook);
    }
  }
  const runbooks = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { runbooks, problems };
}

async function readRunbookFile(file: string, origin: string): Promise<{ runbook?: Runbook; problems: string[] }> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxFileBytes) return { problems: [`${file}: skipped, ${stat.size} bytes is larger than a runbook should be`] };
    const { runbook, warnings } = parseRunbook(await fs.readFile(file, 'utf8'), file, origin);
    return { runbook, problems: warnings.map((w) => `${file}: ${w}`) };
  } catch (error) {
    const message = error instanceof Error && error.name === 'RunbookParseError' ? error.message : `${file}: ${String(error)}`;
    return { problems: [message] };
  }
}

async function listMarkdownFiles(dir: string, problems: string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (error) {
      // A configured folder that does not exist is normal (the defaults list three); anything else is worth saying.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${current}: ${(error as Error).message}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (found.length >= maxFiles) return;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (depth < 8 && !skippedDirectories.has(entry.name)) await walk(full, depth + 1);
      } else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name) && !skippedFiles.has(entry.name.toLowerCase())) {
        found.push(full);
      }
    }
  };
  await walk(path.resolve(dir), 0);
  return found;
}
