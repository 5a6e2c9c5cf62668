/**
 * `ops-copilot eval classify --dataset FILE.jsonl`: runs whichever classifier is configured (offline, or the user's
 * endpoint) over labelled incidents and reports accuracy, macro-F1, the confusion matrix, latency and how often the
 * model's JSON was schema-valid (first try, after repair, or not at all).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CliIo, UsageError, writeLine } from '../cliCommand';
import { announceProvider, createCopilotRuntime, llmArgOptions, llmUsage } from '../copilotRuntime';
import { classificationMetrics, percentile } from '../../core/incidents/classificationMetrics';
import { IncidentCategory, incidentCategories, isIncidentCategory } from '../../core/incidents/incident';

const usage = `Usage: ops-copilot eval classify --dataset FILE.jsonl [--format text|json] [--no-runbooks] [--limit N] [--min-accuracy X]

Each dataset line is {"text": "...", "category": "Network|Database|Application|Security|Hardware|Performance"}.
Prints accuracy, macro-F1, the confusion matrix (rows = labelled, columns = predicted), latency p50/p95 and, with a
model, the share of schema-valid replies. --no-runbooks classifies without runbook retrieval votes.
Exit 1 when accuracy is below --min-accuracy (0–1).

${llmUsage}`;

interface Row {
  text: string;
  category: IncidentCategory;
}

/** Shaped like eval.ts's EvalSubcommand (kept structural so this file does not depend on the eval registry). */
export const evalClassify: { name: string; summary: string; usage: string; run(args: string[], io: CliIo): Promise<number> } = {
  name: 'classify',
  summary: 'accuracy, macro-F1, confusion matrix, latency and schema validity of the configured classifier',
  usage,
  run: runEvalClassify,
};

async function runEvalClassify(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        dataset: { type: 'string' },
        format: { type: 'string' },
        'no-runbooks': { type: 'boolean' },
        limit: { type: 'string' },
        'min-accuracy': { type: 'string' },
        ...llmArgOptions,
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.dataset) throw new UsageError('--dataset FILE.jsonl is required');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got '${format}')`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0)) throw new UsageError(`--limit must be a positive number (got '${values.limit}')`);
  const minAccuracy = values['min-accuracy'] === undefined ? 0 : Number(values['min-accuracy']);
  if (!(minAccuracy >= 0 && minAccuracy <= 1)) throw new UsageError(`--min-accuracy must be between 0 and 1 (got '${values['min-accuracy']}')`);
  const rows = parseDataset(await readDataset(values.dataset, io.cwd), values.dataset).slice(0, limit);

  const runtime = createCopilotRuntime(values, io);
  await announceProvider(runtime, io);
  // Loading the runbooks is a one-time cost; per-incident latency is measured after it.
  const loadStarted = performance.now();
  if (!values['no-runbooks']) await runtime.library.refresh();
  const runbookLoadMs = performance.now() - loadStarted;
  const pairs: { actual: IncidentCategory; predicted: IncidentCategory }[] = [];
  const latencies: number[] = [];
  let llmAnswers = 0;
  let repaired = 0;
  let fallbacks = 0;
  const errors: { text: string; actual: string; predicted: string }[] = [];
  for (const row of rows) {
    const started = performance.now();
    const result = values['no-runbooks']
      ? await runtime.copilot.classify({ text: row.text }, undefined, { retrieval: false })
      : await runtime.copilot.classify({ text: row.text });
    latencies.push(performance.now() - started);
    pairs.push({ actual: row.category, predicted: result.category });
    if (result.source === 'llm') {
      llmAnswers++;
      if (result.repaired) repaired++;
    } else if (result.fallbackReason) fallbacks++;
    if (result.category !== row.category) errors.push({ text: row.text.slice(0, 100), actual: row.category, predicted: result.category });
  }
  const metrics = classificationMetrics(pairs);
  const modelCalls = llmAnswers + fallbacks;
  const report = {
    dataset: values.dataset,
    classifier: modelCalls > 0 ? 'llm' : 'offline',
    ...metrics,
    latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), runbookLoad: round(runbookLoadMs) },
    schemaValid: modelCalls > 0 ? { share: round((llmAnswers) / modelCalls, 3), firstTry: llmAnswers - repaired, afterRepair: repaired, fellBack: fallbacks } : undefined,
  };
  if (format === 'json') {
    writeLine(io.stdout, JSON.stringify({ ...report, errors }, null, 2));
    return metrics.accuracy < minAccuracy ? 1 : 0;
  }
  writeLine(io.stdout, `Dataset: ${path.basename(values.dataset)} (${metrics.total} incidents), classifier: ${report.classifier}${values['no-runbooks'] ? ' (no runbook votes)' : ''}`);
  writeLine(io.stdout, `Accuracy: ${metrics.accuracy.toFixed(3)}   macro-F1: ${metrics.macroF1.toFixed(3)}`);
  writeLine(io.stdout, `Latency: p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms per incident${values['no-runbooks'] ? '' : ` (runbooks loaded once in ${report.latencyMs.runbookLoad} ms)`}`);
  if (report.schemaValid) {
    const s = report.schemaValid;
    writeLine(io.stdout, `Schema-valid replies: ${(s.share * 100).toFixed(1)}% (${s.firstTry} first try, ${s.afterRepair} after repair, ${s.fellBack} fell back to offline)`);
  } else writeLine(io.stdout, 'Schema-valid replies: n/a (offline classifier)');
  writeLine(io.stdout, '');
  writeLine(io.stdout, confusionTable(metrics));
  writeLine(io.stdout, '');
  for (const c of incidentCategories) {
    const m = metrics.perClass[c];
    if (m.support === 0 && m.precision === 0) continue;
    writeLine(io.stdout, `${c.padEnd(12)} precision ${m.precision.toFixed(2)}  recall ${m.recall.toFixed(2)}  F1 ${m.f1.toFixed(2)}  (n=${m.support})`);
  }
  if (errors.length > 0) {
    writeLine(io.stdout, '\nMisclassified:');
    for (const e of errors.slice(0, 20)) writeLine(io.stdout, `  ${e.actual} → ${e.predicted}: ${e.text}`);
  }
  return metrics.accuracy < minAccuracy ? 1 : 0;
}

function confusionTable(metrics: ReturnType<typeof classificationMetrics>): string {
  const short = (c: string): string => c.slice(0, 5);
  const header = `${'labelled \\ predicted'.padEnd(20)}${incidentCategories.map((c) => short(c).padStart(7)).join('')}`;
  const rows = incidentCategories.map((a) => `${a.padEnd(20)}${incidentCategories.map((p) => String(metrics.confusion[a][p]).padStart(7)).join('')}`);
  return [header, ...rows].join('\n');
}

async function readDataset(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function parseDataset(text: string, file: string): Row[] {
  const rows: Row[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    const row = value as { text?: unknown; category?: unknown };
    if (typeof row.text !== 'string' || !row.text.trim()) throw new UsageError(`${file}:${index + 1}: "text" must be a non-empty string`);
    if (!isIncidentCategory(row.category)) throw new UsageError(`${file}:${index + 1}: "category" must be one of ${incidentCategories.join(', ')}`);
    rows.push({ text: row.text, category: row.category });
  });
  if (rows.length === 0) throw new UsageError(`${file} has no rows`);
  return rows;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
