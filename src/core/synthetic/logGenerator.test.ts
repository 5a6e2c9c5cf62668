import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { anomalyTypes } from '../detection/anomaly';
import { generateLog, LogGenerator, syntheticFormats } from './logGenerator';
import { scoreDetections, precision, recall } from './labelMatcher';

describe('LogGenerator', () => {
  it('is deterministic: the same seed gives the same log and labels, another seed does not', () => {
    const a = generateLog({ lines: 3000, seed: 42, format: 'json', warmupSeconds: 20, gapSeconds: 10 });
    const b = generateLog({ lines: 3000, seed: 42, format: 'json', warmupSeconds: 20, gapSeconds: 10 });
    const c = generateLog({ lines: 3000, seed: 43, format: 'json', warmupSeconds: 20, gapSeconds: 10 });
    assert.equal(a.text, b.text);
    assert.deepEqual(a.labels, b.labels);
    assert.notEqual(a.text, c.text);
  });

  it('writes exactly the requested number of lines in every format, each well formed', () => {
    const nginxLine = /^\S+ - \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "[A-Z]+ \S+ HTTP\/1\.1" \d{3} \d+ "-" "[^"]*" rt=\d+\.\d{3}$/;
    const plainLine = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (DEBUG|INFO |WARN |ERROR|FATAL) \[[\w-]+\] \S/;
    const logfmtLine = /^ts=\S+Z level=(debug|info|warn|error|fatal) service=[\w-]+ msg=/;
    for (const format of syntheticFormats) {
      const { text, labels } = generateLog({ lines: 2500, seed: 7, format, warmupSeconds: 10, gapSeconds: 5 });
      const lines = text.split('\n');
      assert.equal(lines.pop(), '', `${format}: ends with a newline`);
      assert.equal(lines.length, 2500, format);
      assert.equal(labels.lines, 2500);
      for (const line of lines) {
        if (format === 'json') assert.doesNotThrow(() => JSON.parse(line), line);
        else if (format === 'nginx') assert.match(line, nginxLine);
        else if (format === 'plain') assert.match(line, plainLine);
        else assert.match(line, logfmtLine);
      }
    }
  });

  it('labels only lines that carry the injected anomaly, with consistent ranges', () => {
    const { text, labels } = generateLog({ lines: 40000, seed: 3, format: 'json', linesPerSecond: 10, warmupSeconds: 60, gapSeconds: 60 });
    const lines = text.split('\n');
    const seenTypes = new Set(labels.anomalies.map((a) => a.type));
    assert.equal(seenTypes.size, anomalyTypes.length, `every type injected (got ${[...seenTypes].join(', ')})`);
    let previousLast = 0;
    for (const a of labels.anomalies) {
      assert.ok(a.firstLine > previousLast, 'anomalies do not overlap and come in order');
      previousLast = a.lastLine;
      assert.equal(a.ranges[0]![0], a.firstLine);
      assert.equal(a.ranges[a.ranges.length - 1]![1], a.lastLine);
      assert.equal(a.ranges.reduce((s, [x, y]) => s + y - x + 1, 0), a.lineCount);
      for (const [first, last] of a.ranges) {
        for (let n = first; n <= last; n++) {
          const record = JSON.parse(lines[n - 1]!) as Record<string, unknown>;
          const msg = String(record.msg);
          switch (a.type) {
            case 'error_spike': assert.equal(record.level, 'error'); break;
            case 'latency_degradation': assert.equal(typeof record.latency_ms, 'number'); break;
            case 'service_outage': assert.ok(record.status === 503 || /refused|timed out|health check|circuit breaker/.test(msg), msg); break;
            case 'data_anomaly': assert.match(msg, /parse|NaN|schema|null value/); break;
            case 'resource_exhaustion': assert.match(msg, /memory|Out of memory|No space|too many open files|pool exhausted/); break;
            case 'security_threat': assert.ok(/login failed|sudoers|privilege escalation/.test(msg) || /UNION|script|\.\.|%27|%2f/i.test(String(record.path)), msg); break;
            case 'new_pattern': assert.notEqual(record.level, 'info'); break;
            case 'pattern_burst': assert.match(msg, /evicted|retrying webhook|token refreshed/); break;
          }
        }
      }
    }
  });

  it('injects nothing in healthy mode and keeps the same traffic shape', () => {
    const healthy = new LogGenerator({ lines: 5000, seed: 9, format: 'logfmt', inject: false, warmupSeconds: 1 });
    let text = '';
    for (const chunk of healthy.chunks(333)) text += chunk;
    assert.equal(healthy.labels().anomalies.length, 0);
    assert.equal(text.split('\n').length - 1, 5000);
  });
});

describe('scoreDetections', () => {
  it('counts overlap of the same type as found, and detections over no injected anomaly as false positives', () => {
    const injected = [
      { id: 'i1', type: 'error_spike' as const, subtype: 'x', firstLine: 100, lastLine: 200, startTime: 0, endTime: 0, lineCount: 101, ranges: [[100, 200]] as Array<[number, number]> },
      { id: 'i2', type: 'data_anomaly' as const, subtype: 'x', firstLine: 500, lastLine: 600, startTime: 0, endTime: 0, lineCount: 101, ranges: [[500, 600]] as Array<[number, number]> },
    ];
    const detected = [
      { type: 'error_spike', firstLine: 150, lastLine: 260 },
      { type: 'error_spike', firstLine: 900, lastLine: 950 },
      { type: 'service_outage', firstLine: 510, lastLine: 520 },
    ].map((d) => ({ ...d, id: '', severity: 'error', score: 1, title: '', explanation: '', file: '', evidence: [], window: { startLine: 0, endLine: 0 }, templateIds: [], metrics: {} })) as never[];
    const score = scoreDetections(injected, detected);
    assert.deepEqual(score.error_spike, { injected: 1, found: 1, detected: 2, falsePositives: 1 });
    assert.deepEqual(score.data_anomaly, { injected: 1, found: 0, detected: 0, falsePositives: 0 });
    assert.equal(score.service_outage.falsePositives, 1);
    assert.equal(precision(score.error_spike), 0.5);
    assert.equal(recall(score.data_anomaly), 0);
  });
});
