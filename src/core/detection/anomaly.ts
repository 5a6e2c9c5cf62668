/** The detector's output contract, consumed by the CLI, diagnostics, classification and the panel. */

export const anomalyTypes = [
  'error_spike',
  'new_pattern',
  'pattern_burst',
  'latency_degradation',
  'security_threat',
  'resource_exhaustion',
  'service_outage',
  'data_anomaly',
] as const;
export type AnomalyType = (typeof anomalyTypes)[number];

export type AnomalySeverity = 'error' | 'warning' | 'info';

export interface EvidenceLine {
  line: number;
  text: string;
}

export interface AnomalyWindow {
  /** Event-time bounds in epoch ms when records have timestamps. */
  startTime?: number;
  endTime?: number;
  /** Line bounds (1-based, inclusive) of the window(s) the anomaly covers. */
  startLine: number;
  endLine: number;
}

export interface Anomaly {
  /** Stable for the life of the anomaly: growing anomalies keep their id. */
  id: string;
  type: AnomalyType;
  severity: AnomalySeverity;
  /** Higher is more anomalous; comparable within a type. */
  score: number;
  title: string;
  /** One sentence with the key figures, e.g. "error rate 34% vs baseline 1.2% over 10:04–10:06". */
  explanation: string;
  file: string;
  firstLine: number;
  lastLine: number;
  /** A bounded sample of the lines that matched the cause. */
  evidence: EvidenceLine[];
  window: AnomalyWindow;
  templateIds: string[];
  /** The metrics that fired, by name (errorRate, baselineErrorRate, z, p95Ms, ...). */
  metrics: Record<string, number>;
}
