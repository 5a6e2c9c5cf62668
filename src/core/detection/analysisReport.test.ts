import * as assert from 'node:assert/strict';
import type { Anomaly } from './anomaly';
import { renderAnalysisReport } from './analysisReport';

const anomaly: Anomaly = {
  id: 'a1',
  type: 'security_threat',
  severity: 'error',
  score: 12,
  title: 'Attack payload in request',
  explanation: '3 lines carried <script> payloads',
  file: '/logs/access.log',
  firstLine: 7,
  lastLine: 9,
  evidence: [{ line: 7, text: 'GET /search?q=<script>alert(`x`)</script> [link](javascript:alert(1))' }],
  window: { startLine: 1, endLine: 20 },
  templateIds: ['t1'],
  metrics: { count: 3 },
};

describe('renderAnalysisReport', () => {
  const render = () =>
    renderAnalysisReport(
      {
        title: 'access.log',
        lines: 20,
        records: 20,
        anomalies: [anomaly],
        templates: [{ id: 't1', text: 'GET <*> | piped', count: 20, firstLine: 1, lastLine: 20 }],
        timeline: [{ start: Date.UTC(2026, 10, 21, 10), records: 20, errors: 3 }],
        timed: true,
        elapsedMs: 12,
      },
      (line) => `file:///logs/access.log#L${line}`,
    );

  it('links anomalies and evidence to their lines', () => {
    const report = render();
    assert.ok(report.includes('[line 7](file:///logs/access.log#L7)'));
    assert.ok(report.includes('- [7](file:///logs/access.log#L7) '));
    assert.match(report, /## Timeline\n\n```text\n2026-11-21 10:00:00 /);
  });

  it('keeps log text inert: only inside code spans, never as links or HTML', () => {
    const report = render();
    assert.ok(report.includes('``GET /search?q=<script>alert(`x`)</script> [link](javascript:alert(1))``'), 'a code span longer than any backtick run');
    assert.ok(report.includes('carried \\<script\\> payloads'), 'explanations are escaped');
    assert.ok(report.includes('`GET <*> \\| piped`'), 'pipes cannot break the table');
  });
});
