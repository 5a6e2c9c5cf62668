/** Small, realistic plan, classification and anomaly values for task and feedback tests. */
import type { Anomaly } from '../../core/detection/anomaly';
import type { Classification } from '../../core/incidents/incident';
import type { RemediationPlan } from '../../core/remediation/remediationPlan';

export function sampleAnomaly(partial: Partial<Anomaly> = {}): Anomaly {
  return {
    id: 'an-1',
    type: 'error_spike',
    severity: 'error',
    score: 9,
    title: 'Error spike in app.log',
    explanation: 'error rate 34% vs baseline 1.2% over 10:04–10:06',
    file: 'logs/app.log',
    firstLine: 120,
    lastLine: 180,
    evidence: [
      { line: 120, text: 'ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms' },
      { line: 121, text: 'ERROR OrderService failed: `pool exhausted` <b>' },
    ],
    window: { startLine: 120, endLine: 180 },
    templateIds: ['t1'],
    metrics: { errorRate: 0.34, baselineErrorRate: 0.012 },
    ...partial,
  };
}

export function sampleClassification(partial: Partial<Classification> = {}): Classification {
  return {
    category: 'Database',
    subcategory: 'connection-pool',
    severity: 'high',
    priority: 'P2',
    confidence: 0.82,
    rationale: 'Database: signals: connection-pool ("HikariPool-1").',
    source: 'offline',
    ...partial,
  };
}

export function samplePlan(partial: Partial<RemediationPlan> = {}): RemediationPlan {
  return {
    summary: 'Relieve the exhausted connection pool, then find the leak.',
    steps: [
      { id: 's1', title: 'Check active connections', detail: 'Count connections per state.', command: "psql -c 'select state, count(*) from pg_stat_activity group by 1'", risk: 'safe', riskReasons: [], verify: 'Output lists states.' },
      { id: 's2', title: 'Restart the API pods', detail: 'Rolling restart frees leaked connections.', command: 'kubectl rollout restart deploy/orders-api', risk: 'caution', riskReasons: ['restarts a workload'], verify: 'Pods ready.' },
      { id: 's3', title: 'Raise pool size if needed', detail: 'Only if load grew.', risk: 'safe', riskReasons: [], verify: 'No more pool timeouts.' },
    ],
    estimatedTime: '20 min',
    risks: ['Restart drops in-flight requests'],
    successCriteria: [
      'Error rate back under baseline on app.log',
      'The error spike anomaly clears',
      'No new pool timeouts for 15 minutes',
      'Customers confirm checkout works',
    ],
    rollbackPlan: 'Roll back the deployment with kubectl rollout undo.',
    sources: [{ runbookId: 'db-connection-pool', file: 'runbooks/db-connection-pool.md', line: 12 }],
    source: 'offline',
    ...partial,
  };
}
