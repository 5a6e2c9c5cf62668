/** Anomalies as SARIF 2.1.0: one rule per anomaly type, one result per anomaly, located by file and line range. */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { anomalyTypes, type Anomaly, type AnomalySeverity, type AnomalyType } from '../../core/detection/anomaly';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

const ruleText: Record<AnomalyType, { name: string; short: string; full: string }> = {
  error_spike: { name: 'ErrorSpike', short: 'Error rate spike', full: 'The share of error and fatal records in a window rose far above the file\'s own baseline.' },
  new_pattern: { name: 'NewPattern', short: 'New log pattern', full: 'A message template never seen during warm-up appeared at warning/error level or in a burst.' },
  pattern_burst: { name: 'PatternBurst', short: 'Log pattern burst', full: 'A known message template or request route appeared far more often than its own baseline share.' },
  latency_degradation: { name: 'LatencyDegradation', short: 'Latency degradation', full: 'The 95th percentile of response times rose well above the baseline of healthy windows.' },
  security_threat: { name: 'SecurityThreat', short: 'Security threat', full: 'Authentication-failure bursts from one source, injection or traversal payloads, or privilege-escalation messages.' },
  resource_exhaustion: { name: 'ResourceExhaustion', short: 'Resource exhaustion', full: 'Out of memory, disk full, file descriptors or pools exhausted, or CPU/memory/disk above 90%.' },
  service_outage: { name: 'ServiceOutage', short: 'Service outage', full: 'Gateway 5xx spike, refused/reset/timed-out connections to a dependency, failing health checks or an open circuit breaker.' },
  data_anomaly: { name: 'DataAnomaly', short: 'Invalid data', full: 'A burst of parse, format, validation, schema, null or NaN errors.' },
};

function sarifLevel(severity: AnomalySeverity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/** A relative URI (forward slashes) for files under `cwd`, else an absolute file:// URI. */
export function artifactUri(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).map(encodeURIComponent).join('/');
  return pathToFileURL(path).href;
}

export interface SarifOptions {
  toolVersion: string;
  cwd: string;
}

export function toSarif(files: Array<{ path: string; anomalies: Anomaly[] }>, options: SarifOptions): object {
  const rules = anomalyTypes.map((type) => ({
    id: type,
    name: ruleText[type].name,
    shortDescription: { text: ruleText[type].short },
    fullDescription: { text: ruleText[type].full },
    defaultConfiguration: { level: type === 'pattern_burst' ? 'note' : type === 'error_spike' || type === 'service_outage' || type === 'security_threat' || type === 'resource_exhaustion' ? 'error' : 'warning' },
  }));
  const artifacts = files.map((f) => ({ location: { uri: artifactUri(f.path, options.cwd) } }));
  const results = files.flatMap((f, fileIndex) =>
    f.anomalies.map((a) => ({
      ruleId: a.type,
      ruleIndex: anomalyTypes.indexOf(a.type),
      level: sarifLevel(a.severity),
      message: { text: `${a.title}: ${a.explanation}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifacts[fileIndex]!.location.uri, index: fileIndex },
            region: { startLine: Math.max(1, a.firstLine), endLine: Math.max(1, a.firstLine, a.lastLine) },
          },
        },
      ],
      relatedLocations: a.evidence.map((e, i) => ({
        id: i + 1,
        message: { text: e.text.length > 300 ? e.text.slice(0, 299) + '…' : e.text },
        physicalLocation: { artifactLocation: { uri: artifacts[fileIndex]!.location.uri, index: fileIndex }, region: { startLine: Math.max(1, e.line) } },
      })),
      partialFingerprints: { anomalyId: a.id },
      properties: { score: a.score, severity: a.severity, metrics: a.metrics, templateIds: a.templateIds },
    })),
  );
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ops-copilot', version: options.toolVersion, rules } },
        artifacts,
        results,
      },
    ],
  };
}
