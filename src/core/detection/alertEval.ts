/**
 * Line-level scoring of the detector on logs labelled per line the way supercomputer RAS logs are published (BGL,
 * Thunderbird in LogHub): the first whitespace-separated token of every line is `-` for a normal line and an alert
 * category (`KERNDTLB`, `APPREAD`, ...) for an alert. A line is predicted anomalous when it is part of a detected
 * anomaly (what `scan --format lines` reports as `"anomaly": true`).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLineBatches } from '../logs/lineReader';
import { scanFile } from './scanFile';

export interface AlertScore {
  lines: number;
  alerts: number;
  flagged: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Alert categories missed, with counts (the category is the label token). */
  missedByCategory: Record<string, number>;
}

/**
 * Scans a labelled log and scores its per-line verdicts. With `stripLabel` the detector sees each line without its
 * label token (as a production log has it); otherwise it sees the file as published.
 */
export async function scoreAlerts(path: string, options: { stripLabel?: boolean; warmupRecords?: number } = {}): Promise<AlertScore> {
  const labels: string[] = [''];
  let dir: string | undefined;
  let scanned = path;
  const out = options.stripLabel ? await openStripped() : undefined;
  async function openStripped(): Promise<{ write(text: string): Promise<void>; close(): Promise<void> }> {
    dir = await mkdtemp(join(tmpdir(), 'ops-alerts-'));
    scanned = join(dir, 'stripped.log');
    const stream = createWriteStream(scanned);
    return {
      // One batch at a time: waiting for each write keeps memory flat on big files.
      write: (text) => new Promise<void>((done, fail) => stream.write(text, (error?: Error | null) => (error ? fail(error) : done()))),
      close: () => new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done()))),
    };
  }
  try {
    for await (const batch of readLineBatches(path)) {
      let chunk = '';
      for (const line of batch) {
        const text = line.text;
        let start = 0;
        while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
        let end = start;
        while (end < text.length && text.charCodeAt(end) !== 32 && text.charCodeAt(end) !== 9) end++;
        labels[line.line] = text.slice(start, end);
        if (out) {
          let rest = end;
          while (rest < text.length && (text.charCodeAt(rest) === 32 || text.charCodeAt(rest) === 9)) rest++;
          chunk += text.slice(rest) + '\n';
        }
      }
      if (out) await out.write(chunk);
    }
    await out?.close();
    const result = await scanFile(scanned, { perLine: true, warmupRecords: options.warmupRecords });
    const marks = result.lineTypes!;
    let alerts = 0;
    let flagged = 0;
    let tp = 0;
    const missed: Record<string, number> = {};
    for (let line = 1; line < labels.length; line++) {
      const alert = labels[line] !== '-' && labels[line] !== '';
      const predicted = (marks[line] ?? 0) !== 0;
      if (alert) alerts++;
      if (predicted) flagged++;
      if (alert && predicted) tp++;
      if (alert && !predicted) missed[labels[line]!] = (missed[labels[line]!] ?? 0) + 1;
    }
    const precision = flagged === 0 ? (alerts === 0 ? 1 : 0) : tp / flagged;
    const recall = alerts === 0 ? 1 : tp / alerts;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { lines: labels.length - 1, alerts, flagged, truePositives: tp, precision, recall, f1, missedByCategory: missed };
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}
