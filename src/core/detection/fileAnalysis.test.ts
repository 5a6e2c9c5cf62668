import * as assert from 'node:assert/strict';
import { FileAnalysis } from './fileAnalysis';

const stamp = (minute: number, second = 0): string => new Date(Date.UTC(2026, 10, 21, 10, minute, second)).toISOString();
const healthy = (count: number): string =>
  Array.from({ length: count }, (_, i) => `${stamp(Math.floor(i / 20), i % 20)} INFO http GET /api/orders status=200 duration=${10 + (i % 9)}ms\n`).join('');
const oom = (minute: number): string => `${stamp(minute)} ERROR worker java.lang.OutOfMemoryError: Java heap space\n`;

function feed(analysis: FileAnalysis, text: string, offset = 0): void {
  analysis.data(Buffer.from(text), offset);
}

describe('FileAnalysis', () => {
  it('reports an anomaly on the appended line once the writer goes idle', () => {
    const analysis = new FileAnalysis({ file: '/logs/app.log' });
    const history = healthy(100);
    feed(analysis, history);
    analysis.idle();
    assert.equal(analysis.anomalies().length, 0);
    analysis.takeDirty();
    feed(analysis, oom(30), Buffer.byteLength(history));
    analysis.idle();
    assert.equal(analysis.takeDirty(), true);
    const [anomaly] = analysis.anomalies();
    assert.equal(anomaly?.evidence[0]?.line, 101);
    assert.equal(anomaly?.file, '/logs/app.log');
  });

  it('forgets everything on reset and numbers lines from 1 again', () => {
    const analysis = new FileAnalysis({ file: 'a.log' });
    feed(analysis, healthy(50) + oom(30));
    analysis.idle();
    assert.equal(analysis.anomalies().length, 1);
    analysis.reset('truncated');
    assert.equal(analysis.anomalies().length, 0);
    feed(analysis, healthy(3) + oom(40));
    analysis.end();
    assert.equal(analysis.anomalies()[0]?.evidence[0]?.line, 4);
  });

  it('drops anomalies of a pattern ignored after they were raised', () => {
    const analysis = new FileAnalysis({ file: 'a.log' });
    feed(analysis, healthy(50) + oom(30));
    analysis.end();
    const [anomaly] = analysis.anomalies();
    assert.ok(anomaly);
    analysis.addIgnore(analysis.templateText(anomaly.templateIds[0]!));
    assert.equal(analysis.anomalies().length, 0);
  });

  it('numbers a selection from its first line and skips binary files', () => {
    const selection = new FileAnalysis({ file: 'a.log', startLine: 500 });
    feed(selection, healthy(20) + oom(30));
    selection.end();
    assert.equal(selection.anomalies()[0]?.evidence[0]?.line, 520);
    const binary = new FileAnalysis({ file: 'core.dump' });
    binary.data(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 10]), 0);
    binary.end();
    assert.equal(binary.isBinary, true);
    assert.equal(binary.records, 0);
  });

  it('summarises a timeline in time slices with error counts', () => {
    const analysis = new FileAnalysis({ file: 'a.log' });
    feed(analysis, healthy(100) + oom(30));
    analysis.end();
    const timeline = analysis.timeline();
    assert.ok(timeline.length > 1 && timeline.length <= 24);
    assert.equal(timeline.reduce((n, b) => n + b.records, 0), 101);
    assert.equal(timeline.reduce((n, b) => n + b.errors, 0), 1);
    assert.equal(timeline[timeline.length - 1]!.errors, 1);
  });
});
