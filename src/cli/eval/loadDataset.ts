/** Reads an evaluation set given as a JSON array or as JSON Lines, with line-numbered errors. */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from '../cliCommand';

export async function loadDataset(file: string, cwd: string): Promise<unknown[]> {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read dataset ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown[];
    } catch (error) {
      throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const rows: unknown[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim() || line.trim().startsWith('//')) return;
    try {
      rows.push(JSON.parse(line));
    } catch (error) {
      throw new UsageError(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
  });
  return rows;
}
