/** Read → parse → mine → detect over one whole file: the composition the CLI, the demo and the benchmark share. */
import { readLines } from '../logs/lineReader';
import { LogParser } from '../logs/logParser';
import type { LogFormat, LogRecord } from '../logs/logRecord';
import { templateInput } from '../logs/logPipeline';
import type { LogTemplate } from '../templates/logTemplate';
import { TemplateMiner } from '../templates/templateMiner';
import { anomalyTypes, type Anomaly, type AnomalyType } from './anomaly';
import { AnomalyDetector, type DetectorOptions } from './anomalyDetector';

export interface ScanOptions extends Omit<DetectorOptions, 'file'> {
  signal?: AbortSignal;
  /** Keep a score and anomaly-type marks per physical line (the CLI's `lines` format); 5 bytes per line. */
  perLine?: boolean;
}

export interface ScanResult {
  path: string;
  format: LogFormat;
  lines: number;
  records: number;
  templates: LogTemplate[];
  anomalies: Anomaly[];
  /** Per physical line (index = line number) when `perLine`: the record's score in [0, 1]. */
  lineScores?: Float32Array;
  /** Per physical line when `perLine`: bit i set when the line belongs to a detected anomaly of anomalyTypes[i]. */
  lineTypes?: Uint8Array;
}

const typeIndex = (type: AnomalyType): number => anomalyTypes.indexOf(type);

export async function scanFile(path: string, options: ScanOptions = {}): Promise<ScanResult> {
  const parser = new LogParser();
  const miner = new TemplateMiner();
  const detector = new AnomalyDetector({ ...options, file: path });
  let scores = options.perLine ? new Float32Array(1 << 16) : undefined;
  let lines = 0;
  const take = (record: LogRecord): void => {
    const match = miner.add(templateInput(record), { line: record.line, timestamp: record.timestamp });
    const score = detector.push(record, match);
    if (scores) {
      if (record.endLine >= scores.length) {
        const grown = new Float32Array(Math.max(scores.length * 2, record.endLine + 1));
        grown.set(scores);
        scores = grown;
      }
      scores.fill(score, record.line, record.endLine + 1);
    }
  };
  for await (const line of readLines(path, { signal: options.signal })) {
    lines = line.line;
    const records = parser.push(line);
    for (let i = 0; i < records.length; i++) take(records[i]!);
  }
  for (const record of parser.flush()) take(record);
  detector.flush();
  const result: ScanResult = {
    path,
    format: parser.format,
    lines,
    records: detector.records,
    templates: miner.templates(),
    anomalies: detector.anomalies(),
  };
  if (scores) {
    result.lineScores = scores.length > lines + 1 ? scores.slice(0, lines + 1) : scores;
    result.lineTypes = new Uint8Array(lines + 1);
    detector.markLines(result.lineTypes, typeIndex);
  }
  return result;
}
