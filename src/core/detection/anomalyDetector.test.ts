import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { LogLevel, LogRecord } from '../logs/logRecord';
import type { TemplateMatch } from '../templates/logTemplate';
import { generateLog, type GeneratorOptions } from '../synthetic/logGenerator';
import type { AnomalyType } from './anomaly';
import { AnomalyDetector, type DetectorOptions } from './anomalyDetector';

/** Records built directly (no parser): the detector's contract is LogRecord + TemplateMatch. */
function jsonRecord(text: string, line: number): LogRecord {
  const o = JSON.parse(text) as Record<string, string | number | undefined>;
  return {
    line, endLine: line, byteOffset: 0, raw: text, format: 'json',
    timestamp: Date.parse(String(o.ts)), level: o.level as LogLevel, message: String(o.msg ?? ''),
    fields: {
      status: o.status as number | undefined, latencyMs: o.latency_ms as number | undefined, path: o.path as string | undefined,
      method: o.method as string | undefined, ip: o.client_ip as string | undefined, user: o.user as string | undefined,
    },
  };
}

/** A stand-in miner: masks every token holding a digit, the id is the template text. */
function matchOf(message: string): TemplateMatch {
  const template = message.replace(/[^\s]*\d[^\s]*/g, '<*>');
  return { templateId: template, template, params: [], isNew: false };
}

function detect(text: string, options: Omit<DetectorOptions, 'file'> = {}): AnomalyDetector {
  // The generated files lead in with 360 s of healthy traffic: warm up over most of it.
  const detector = new AnomalyDetector({ file: 'test.log', windowSeconds: 30, warmupWindows: 10, ...options });
  let line = 0;
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    const record = jsonRecord(raw, ++line);
    detector.push(record, matchOf(record.message));
  }
  detector.flush();
  return detector;
}

function oneInjection(type: AnomalyType, seed: number, extra: Partial<GeneratorOptions> = {}) {
  return generateLog({ lines: 28000, seed, format: 'json', types: [type], warmupSeconds: 360, gapSeconds: 100000, ...extra });
}

describe('AnomalyDetector', () => {
  const types: AnomalyType[] = ['error_spike', 'new_pattern', 'pattern_burst', 'latency_degradation', 'security_threat', 'resource_exhaustion', 'service_outage', 'data_anomaly'];
  for (const [i, type] of types.entries()) {
    it(`finds ${type} and stays quiet on the normal traffic of the same file`, () => {
      const { text, labels } = oneInjection(type, 500 + i);
      assert.equal(labels.anomalies.length, 1);
      const truth = labels.anomalies[0]!;
      const found = detect(text).anomalies();
      const hits = found.filter((a) => a.type === type && a.firstLine <= truth.lastLine && a.lastLine >= truth.firstLine);
      assert.ok(hits.length >= 1, `${type} not found; got ${found.map((a) => `${a.type}@${a.firstLine}`).join(', ')}`);
      const outside = found.filter((a) => a.lastLine < truth.firstLine || a.firstLine > truth.lastLine);
      assert.deepEqual(outside.map((a) => `${a.type}@${a.firstLine}: ${a.explanation}`), []);
      const hit = hits[0]!;
      assert.ok(hit.explanation.length > 10 && /\d/.test(hit.explanation), 'explanation carries figures');
      assert.ok(hit.evidence.length > 0 && hit.evidence.length <= 8, 'bounded evidence');
    });
  }

  it('merges consecutive windows of one cause into one growing anomaly with a stable id', () => {
    const { text, labels } = oneInjection('data_anomaly', 77);
    const truth = labels.anomalies[0]!;
    const detector = new AnomalyDetector({ file: 'test.log', windowSeconds: 30, warmupWindows: 10 });
    const seen = new Map<string, number[]>();
    let line = 0;
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      const record = jsonRecord(raw, ++line);
      detector.push(record, matchOf(record.message));
      for (const a of detector.drainChanges()) seen.set(a.id, [...(seen.get(a.id) ?? []), a.lastLine]);
    }
    detector.flush();
    const data = detector.anomalies().filter((a) => a.type === 'data_anomaly');
    assert.equal(data.length, 1, 'one anomaly, not one per window');
    const a = data[0]!;
    assert.ok(a.metrics.windows! >= 3, `spans several windows (${a.metrics.windows})`);
    // The explanation covers the whole anomaly: its worst window's figures, not only the latest window's.
    assert.match(a.explanation, new RegExp(`\\(${a.metrics.windows} windows`));
    assert.match(a.explanation, /at worst|the latest the worst/);
    const growth = seen.get(a.id)!;
    assert.ok(growth.length >= 2 && growth[growth.length - 1]! > growth[0]!, 'reported again as it grew, same id');
    // Every labelled line is in the anomaly's line set, not only the evidence sample.
    const ranges = detector.anomalyLines(a.id);
    const inRanges = (n: number) => ranges.some(([x, y]) => n >= x && n <= y);
    for (const [x, y] of truth.ranges) for (let n = x; n <= y; n++) assert.ok(inRanges(n), `line ${n} flagged`);
  });

  it('does not alarm during warm-up on a healthy file', () => {
    const { text } = generateLog({ lines: 20000, seed: 12, format: 'json', inject: false });
    assert.deepEqual(detect(text, { windowSeconds: 60 }).anomalies(), []);
  });

  it('waits for warm-up before calling a template new', () => {
    const base = Date.UTC(2026, 0, 1);
    const make = (i: number, message: string, level: LogLevel = 'info'): LogRecord => ({
      line: i, endLine: i, byteOffset: 0, raw: message, format: 'json', timestamp: base + i * 100, level, message, fields: {},
    });
    const detector = new AnomalyDetector({ file: 'w.log', windowSeconds: 10, warmupWindows: 5 });
    for (let i = 1; i <= 3000; i++) {
      // A never-seen warning in window 2 (warm-up) and a different one in window 20 (after).
      const message = i === 250 ? 'replica lagging behind primary' : i === 2050 ? 'leader election lost for partition' : `served request ${i}`;
      detector.push(make(i, message, i === 250 || i === 2050 ? 'warn' : 'info'), matchOf(message));
    }
    detector.flush();
    assert.deepEqual(detector.anomalies().map((a) => `${a.type}@${a.firstLine}`), ['new_pattern@2050']);
    // Its window starts at record 2,000: the explanation counts the records before it, not (possibly empty) windows.
    assert.match(detector.anomalies()[0]!.explanation, /never seen in the 1,999 records before appeared 1× at warning/);
  });

  it('flags every slow line of a busy window when latency degrades, not only the sampled ones', () => {
    const base = Date.UTC(2026, 0, 1);
    const detector = new AnomalyDetector({ file: 'busy.log', windowSeconds: 10, warmupWindows: 5 });
    const perWindow = 6000; // more timed lines than the 4,096-line reservoir
    const slow: number[] = [];
    let line = 0;
    for (let w = 0; w < 30; w++) {
      for (let k = 0; k < perWindow; k++) {
        line++;
        const degraded = w === 25;
        const ms = degraded ? 200 + (k % 50) : 10 + (k % 7);
        if (degraded) slow.push(line);
        const message = `GET /api/orders completed in ${ms}ms`;
        detector.push({ line, endLine: line, byteOffset: 0, raw: message, format: 'plain', timestamp: base + w * 10_000 + k, level: 'info', message, fields: { latencyMs: ms } }, matchOf(message));
      }
    }
    detector.flush();
    assert.deepEqual(detector.anomalies().map((a) => a.type), ['latency_degradation']);
    const marks = new Uint8Array(line + 1);
    detector.markLines(marks, () => 0);
    const flagged = slow.filter((n) => marks[n] !== 0).length;
    assert.equal(flagged, perWindow, `${flagged} of ${perWindow} slow lines flagged`);
  });

  it('reads many new templates at once as a start-up: its info bursts are not news, its failures are', () => {
    const base = Date.UTC(2026, 0, 1);
    const run = (bootAt: number | undefined, singleBurstAt: number | undefined, daemonsAt?: number): string[] => {
      const detector = new AnomalyDetector({ file: 'boot.log', windowSeconds: 10, warmupWindows: 5 });
      let line = 0;
      const push = (message: string, level: LogLevel, at: number): void => {
        line++;
        detector.push({ line, endLine: line, byteOffset: 0, raw: message, format: 'plain', timestamp: base + at, level, message, fields: {} }, matchOf(message));
      };
      for (let i = 0; i < 3000; i++) {
        push(`served request ${i}`, 'info', i * 100);
        if (i === bootAt) {
          // A host boots: 15 kinds of start-up lines, each a burst, and one failure among them.
          const stages = ['ACPI: PCI Interrupt Link enabled at IRQ', 'PCI: Probing PCI hardware bus', 'usb: new full speed device number', 'scsi: attached disk sda port',
            'e1000: eth0 NIC Link is Up', 'EXT3-fs: mounted filesystem with ordered data mode', 'Adding swap on partition', 'Starting sshd daemon pid',
            'ntpd: synchronized to server stratum', 'crond: running with pid', 'sendmail: starting daemon queue runner', 'Bringing up interface bond',
            'Loading kernel module ipmi_si version', 'Freeing unused kernel memory pages', 'Memory: available pages'];
          stages.forEach((stage, kind) => {
            for (let k = 0; k < 11; k++) push(`${stage} ${k}`, 'info', i * 100 + kind);
          });
          push('mounting other filesystems failed', 'error', i * 100 + 20);
        }
        if (i === singleBurstAt) for (let k = 0; k < 12; k++) push(`cache warmer filled shard ${k}`, 'info', i * 100 + k);
        if (i === daemonsAt) {
          // The next window: daemons start and read their configuration, five new kinds of lines in bursts.
          ['xinetd: Reading included configuration file', 'xinetd: removing service', 'gmond: loading metric module', 'httpd: loaded module',
            'smartd: monitoring device'].forEach((stage, kind) => {
            for (let k = 0; k < 11; k++) push(`${stage} ${k}`, 'info', i * 100 + kind);
          });
        }
      }
      detector.flush();
      return detector.anomalies().map((a) => `${a.type}:${a.severity}@${a.firstLine}`);
    };
    const boot = run(2000, undefined);
    assert.equal(boot.length, 1, boot.join(', '));
    assert.match(boot[0]!, /^new_pattern:error@/);
    // One new template in a burst on its own is still news.
    assert.deepEqual(run(undefined, 2000), ['new_pattern:info@2002']);
    // A boot goes on into the next window: its daemons' start-up lines are part of it, but on their own they are news.
    const twoWindows = run(2000, undefined, 2100);
    assert.equal(twoWindows.length, 1, twoWindows.join(', '));
    assert.equal(run(undefined, undefined, 2100).length, 5);
  });

  it('does not call a handful of errors in a quiet file a spike', () => {
    const base = Date.UTC(2026, 0, 1);
    const detector = new AnomalyDetector({ file: 'q.log', windowSeconds: 60, warmupWindows: 0 });
    for (let i = 1; i <= 40; i++) {
      const message = i % 10 === 0 ? `request ${i} failed with internal error` : `request ${i} ok`;
      const level: LogLevel = i % 10 === 0 ? 'error' : 'info';
      detector.push({ line: i, endLine: i, byteOffset: 0, raw: message, format: 'json', timestamp: base + i * 1000, level, message, fields: {} }, matchOf(message));
    }
    detector.flush();
    assert.equal(detector.anomalies().filter((a) => a.type === 'error_spike').length, 0);
  });

  it('reports a fatal line with a known cause on sight, under that cause', () => {
    const base = Date.UTC(2026, 0, 1);
    const detector = new AnomalyDetector({ file: 'f.log', windowSeconds: 60, warmupWindows: 0 });
    for (let i = 1; i <= 40; i++) {
      const fatal = i === 30;
      const message = fatal ? 'ciod: Error reading message prefix on CioStream socket to 172.16.96.116:41554, Connection reset by peer' : `job ${i} step done`;
      const level: LogLevel = fatal ? 'fatal' : 'info';
      detector.push({ line: i, endLine: i, byteOffset: 0, raw: message, format: 'plain', timestamp: base + i * 1000, level, message, fields: {} }, matchOf(message));
    }
    detector.flush();
    const found = detector.anomalies();
    assert.deepEqual(found.map((a) => [a.type, a.firstLine, a.severity]), [['service_outage', 30, 'error']]);
  });

  it('treats windows without records as no gap: a sparse run of fatal lines is one episode, a long silence ends it', () => {
    const base = Date.UTC(2026, 0, 1);
    const detector = new AnomalyDetector({ file: 's.log', windowSeconds: 60, warmupWindows: 0 });
    // Fatal lines 5 minutes apart with nothing between, then 3 hours of silence, then two more.
    const minutes = [0, 5, 10, 15, 195, 200];
    minutes.forEach((m, i) => {
      const message = `kernel: data TLB error interrupt on node ${i}`;
      detector.push({ line: i + 1, endLine: i + 1, byteOffset: 0, raw: message, format: 'plain', timestamp: base + m * 60_000, level: 'fatal', message, fields: {} }, matchOf(message));
    });
    detector.flush();
    const found = detector.anomalies().filter((a) => a.type === 'error_spike');
    assert.deepEqual(found.map((a) => [a.firstLine, a.lastLine]), [[1, 4], [5, 6]]);
  });

  it('uses line-count windows when records have no timestamps', () => {
    const detector = new AnomalyDetector({ file: 'n.log', windowLines: 200, warmupWindows: 3 });
    for (let i = 1; i <= 4000; i++) {
      // The same crash happens now and then in healthy traffic; the spike is many more of it.
      const failed = (i > 2600 && i <= 3000 && i % 3 === 0) || i % 150 === 0;
      const message = failed ? `worker ${i % 7} crashed with exit code 137` : `processed batch ${i}`;
      const record: LogRecord = { line: i, endLine: i, byteOffset: 0, raw: message, format: 'unknown', message, fields: {}, level: failed ? 'error' : 'info' };
      detector.push(record, matchOf(message));
    }
    detector.flush();
    const spikes = detector.anomalies().filter((a) => a.type === 'error_spike');
    assert.equal(spikes.length, 1);
    assert.ok(spikes[0]!.firstLine > 2600 && spikes[0]!.lastLine <= 3000, `${spikes[0]!.firstLine}-${spikes[0]!.lastLine}`);
    assert.equal(detector.anomalies().length, 1);
    assert.match(spikes[0]!.explanation, /error rate \d+% vs baseline/);
  });

  it('keeps event-time windows when a timestamped file opens with an unstamped banner', () => {
    const base = Date.UTC(2026, 0, 1, 10, 0, 0);
    const detector = new AnomalyDetector({ file: 'b.log', windowSeconds: 60, warmupWindows: 3, warmupRecords: 0 });
    for (let i = 1; i <= 3000; i++) {
      const failed = (i > 2000 && i <= 2300 && i % 2 === 0) || i % 200 === 0;
      const message = i === 1 ? '=== service starting ===' : failed ? `worker ${i % 5} crashed with exit code 1` : `served request ${i}`;
      const record: LogRecord = { line: i, endLine: i, byteOffset: 0, raw: message, format: 'plain', message, fields: {},
        timestamp: i === 1 ? undefined : base + i * 200, level: failed ? 'error' : 'info' };
      detector.push(record, matchOf(message));
    }
    detector.flush();
    const spike = detector.anomalies().find((a) => a.type === 'error_spike');
    assert.ok(spike, 'spike found');
    assert.ok(spike.window.startTime !== undefined, 'time windows');
    assert.match(spike.explanation, /\d\d:\d\d–\d\d:\d\d UTC/);
  });

  it('honours ignore patterns by template id and by regex', () => {
    const { text } = oneInjection('data_anomaly', 77);
    assert.ok(detect(text).anomalies().some((a) => a.type === 'data_anomaly'));
    const ignored = detect(text, { ignore: ['/parse|NaN|schema|null value/i'] }).anomalies();
    assert.equal(ignored.filter((a) => a.type === 'data_anomaly').length, 0);
    const byId = detect(text, { ignore: ['failed to parse event payload from <*>: unexpected token <*> at position <*>', "failed to parse event payload from <*>: unexpected token '}' at position <*>", "failed to parse event payload from <*>: unexpected token ']' at position <*>"] }).anomalies();
    // Ignoring some templates leaves the rest of the cause visible.
    assert.ok(byId.some((a) => a.type === 'data_anomaly'));
  });

  it('scores rare error lines above routine ones', () => {
    const detector = new AnomalyDetector({ file: 's.log' });
    const mk = (i: number, message: string, level: LogLevel): LogRecord => ({ line: i, endLine: i, byteOffset: 0, raw: message, format: 'json', level, message, fields: {} });
    let routine = 0;
    for (let i = 1; i <= 100; i++) routine = detector.push(mk(i, `cache hit ${i}`, 'debug'), matchOf(`cache hit ${i}`));
    const oom = detector.push(mk(101, 'Out of memory: Killed process 4242 (java)', 'error'), matchOf('Out of memory: Killed process 4242 (java)'));
    assert.ok(oom > 0.8 && routine < 0.1, `oom ${oom}, routine ${routine}`);
  });
});
