/** `ops-copilot scan <file…>`: detect anomalies in log files and report them for people, tools or CI. */
import { parseArgs } from 'node:util';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CliCommand, CliIo, UsageError } from '../cliCommand';
import { anomalyTypes, type Anomaly, type AnomalySeverity } from '../../core/detection/anomaly';
import { scanFile, type ScanResult } from '../../core/detection/scanFile';
import { LogGenerator } from '../../core/synthetic/logGenerator';
import { scoreDetections } from '../../core/synthetic/labelMatcher';
import { toSarif } from '../formats/sarif';
import { OutputBuffer, checkLogFile, describeReadError } from './templates';

const usage = `Usage: ops-copilot scan <file…> [--format text|json|sarif|lines] [--fail-on error|warning]

Detects anomalies (error spikes, new patterns, bursts, latency, security, resources, outages, bad data) in log files.
  --format text     a report for people, coloured on a terminal (default)
  --format json     {"files":[{"path","format","lines","templates","anomalies":[…]}]}
  --format sarif    SARIF 2.1.0, one result per anomaly and one rule per type, for CI annotations
  --format lines    one JSON object per input line: {"line":n,"anomaly":bool,"score":x,"types":[…]}
  --fail-on <sev>   exit 1 when an anomaly of this severity (error, or warning and above) is found
  --window-seconds <n>  event-time window (default 60)      --window-lines <n>  window for logs without timestamps (default 500)
  --ignore <pattern>    template id, /regex/ or exact template text to ignore (repeatable)
Exit codes: 0 ok, 1 anomalies at or above --fail-on, 2 usage or I/O error.`;

const formats = ['text', 'json', 'sarif', 'lines'] as const;
type ScanFormat = (typeof formats)[number];

interface ScanArgs {
  files: string[];
  format: ScanFormat;
  failOn?: 'error' | 'warning';
  windowSeconds?: number;
  windowLines?: number;
  ignore: string[];
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer (got '${value}')`);
  return n;
}

export function parseScanArgs(args: string[]): ScanArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        'fail-on': { type: 'string' },
        'window-seconds': { type: 'string' },
        'window-lines': { type: 'string' },
        ignore: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const format = parsed.values.format ?? 'text';
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')} (got '${format}')`);
  const failOn = parsed.values['fail-on'];
  if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on must be error or warning (got '${failOn}')`);
  if (parsed.positionals.length === 0) throw new UsageError('expected at least one log file');
  return {
    files: parsed.positionals,
    format: format as ScanFormat,
    failOn,
    windowSeconds: positiveInt('window-seconds', parsed.values['window-seconds']),
    windowLines: positiveInt('window-lines', parsed.values['window-lines']),
    ignore: parsed.values.ignore ?? [],
  };
}

const severityRank: Record<AnomalySeverity, number> = { info: 0, warning: 1, error: 2 };

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'Detect anomalies in log files (text, json, SARIF or per-line output)',
  usage,
  async run(args, io) {
    const options = parseScanArgs(args);
    const paths: string[] = [];
    for (const file of options.files) paths.push(await checkLogFile(file, io));
    const results: ScanResult[] = [];
    const out = new OutputBuffer(io.stdout);
    for (let i = 0; i < paths.length; i++) {
      let result: ScanResult;
      try {
        result = await scanFile(paths[i]!, {
          windowSeconds: options.windowSeconds,
          windowLines: options.windowLines,
          ignore: options.ignore,
          perLine: options.format === 'lines',
          blocking: true,
        });
      } catch (error) {
        throw describeReadError(options.files[i]!, error);
      }
      // Report with the path as the user typed it.
      result.path = options.files[i]!;
      for (const a of result.anomalies) a.file = options.files[i]!;
      if (options.format === 'lines') {
        await writeLinesFormat(out, result, paths.length > 1);
        // Per-line arrays are the only large part of a result; drop them once written.
        result.lineScores = undefined;
        result.lineTypes = undefined;
      } else if (options.format === 'text') {
        await out.write(renderText(result, io));
      }
      results.push(result);
    }
    if (options.format === 'json') {
      await out.write(JSON.stringify({
        files: results.map((r) => ({ path: r.path, format: r.format, lines: r.lines, records: r.records, templates: r.templates.length, anomalies: r.anomalies })),
      }, null, 2) + '\n');
    } else if (options.format === 'sarif') {
      const sarif = toSarif(results.map((r, i) => ({ path: paths[i]!, anomalies: r.anomalies })), { toolVersion: toolVersion(), cwd: io.cwd });
      await out.write(JSON.stringify(sarif, null, 2) + '\n');
    }
    await out.flush();
    if (options.failOn) {
      const threshold = severityRank[options.failOn];
      if (results.some((r) => r.anomalies.some((a) => severityRank[a.severity] >= threshold))) return 1;
    }
    return 0;
  },
};

async function writeLinesFormat(out: OutputBuffer, result: ScanResult, withFile: boolean): Promise<void> {
  const scores = result.lineScores!;
  const marks = result.lineTypes!;
  const prefix = withFile ? `{"file":${JSON.stringify(result.path)},` : '{';
  const typeLists = new Map<number, string>();
  for (let line = 1; line <= result.lines; line++) {
    const mark = marks[line] ?? 0;
    const raw = scores[line] ?? 0;
    // Lines inside a detected anomaly rank above every other line; within each group the record score orders them.
    const score = mark ? 0.5 + raw / 2 : raw / 2;
    let types = typeLists.get(mark);
    if (types === undefined) {
      types = JSON.stringify(anomalyTypes.filter((_, i) => mark & (1 << i)));
      typeLists.set(mark, types);
    }
    await out.write(`${prefix}"line":${line},"anomaly":${mark !== 0},"score":${Math.round(score * 1000) / 1000},"types":${types}}\n`);
  }
}

function toolVersion(): string {
  // The CLI bundle sits in dist/ (manifest one level up); tests run from src/cli/commands/ (three levels up).
  for (const candidate of [join(__dirname, '..', 'package.json'), join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'ops-copilot' && manifest.version) return manifest.version;
    } catch {
      // not at this location
    }
  }
  return '0.0.0';
}

const colours = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function renderText(result: ScanResult, io: Pick<CliIo, 'isTty' | 'env'>): string {
  const colour = io.isTty && !io.env.NO_COLOR;
  const paint = (code: string, text: string): string => (colour ? `${code}${text}${colours.reset}` : text);
  const lines: string[] = [];
  const count = result.anomalies.length;
  lines.push(paint(colours.bold, result.path) + paint(colours.dim, `  ${result.format} · ${result.lines} lines · ${result.templates.length} templates · ${count} anomal${count === 1 ? 'y' : 'ies'}`));
  if (count === 0) lines.push('  no anomalies found');
  const sorted = [...result.anomalies].sort((a, b) => a.firstLine - b.firstLine);
  for (const a of sorted) lines.push(...renderAnomaly(a, paint));
  lines.push('');
  return lines.join('\n') + '\n';
}

function renderAnomaly(a: Anomaly, paint: (code: string, text: string) => string): string[] {
  const label = a.severity.toUpperCase().padEnd(7);
  const range = a.firstLine === a.lastLine ? `line ${a.firstLine}` : `lines ${a.firstLine}–${a.lastLine}`;
  const out = [
    '',
    `  ${paint(colours[a.severity], label)} ${paint(colours.bold, a.title)}  ${paint(colours.dim, `${a.type} · ${range}`)}`,
    `          ${a.explanation}`,
  ];
  for (const e of a.evidence.slice(0, 3)) {
    const text = e.text.length > 160 ? e.text.slice(0, 159) + '…' : e.text;
    out.push(paint(colours.dim, `          ${String(e.line).padStart(7)} │ ${text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '�')}`));
  }
  return out;
}


/**
 * The demo's Engine II section: generate a log with injected anomalies under `.bench/demo/`, scan it, print the
 * report and how it compares with the injected ground truth.
 */
export async function runScanDemo(io: CliIo): Promise<void> {
  const dir = join(io.cwd, '.bench', 'demo');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'generated-app.log');
  const generator = new LogGenerator({ lines: 60000, seed: 2026, format: 'json', linesPerSecond: 20, warmupSeconds: 900, gapSeconds: 240 });
  const stream = createWriteStream(path);
  for (const chunk of generator.chunks()) {
    if (!stream.write(chunk)) await new Promise<void>((done) => stream.once('drain', done));
  }
  await new Promise<void>((done) => stream.end(done));
  const truth = generator.labels().anomalies;
  const result = await scanFile(path);
  result.path = relative(io.cwd, path);
  const out = io.stdout;
  out.write(`\nAnomaly detection on a generated log (${truth.length} injected anomalies: ${[...new Set(truth.map((a) => a.type))].join(', ')})\n`);
  out.write(`Generated: ${result.path}  (ops-copilot generate --lines 60000 --seed 2026 --format json)\n\n`);
  out.write(renderText(result, io));
  const score = scoreDetections(truth, result.anomalies);
  const found = anomalyTypes.reduce((s, t) => s + score[t].found, 0);
  const falsePositives = anomalyTypes.reduce((s, t) => s + score[t].falsePositives, 0);
  out.write(`Ground truth: found ${found} of ${truth.length} injected anomalies, ${falsePositives} false alarm${falsePositives === 1 ? '' : 's'}.\n`);
  out.write(`Try: ops-copilot scan ${result.path} --format sarif   (or json, lines)\n`);
}
