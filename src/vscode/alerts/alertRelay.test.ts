import assert from 'node:assert/strict';
import type { AlertResult } from '../../core/alerts/webhookAlerter';
import type { Anomaly } from '../../core/detection/anomaly';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { sampleAnomaly } from '../../test/fakes/samplePlan';
import { AlertPoster, AlertRelay } from './alertRelay';
import { checkWebhookUrl } from './webhookUrl';

/** Records what the relay asks to post and answers from a script (then "sent"). */
class ScriptedPoster implements AlertPoster {
  readonly posted: Anomaly[] = [];
  readonly script: AlertResult[] = [];
  async post(anomaly: Anomaly): Promise<AlertResult> {
    this.posted.push(anomaly);
    return this.script.shift() ?? { kind: 'sent', status: 200, attempts: 1 };
  }
}

describe('AlertRelay', () => {
  let log: MemoryLogger;
  let lines: Map<string, number>;
  let relay: AlertRelay;
  let poster: ScriptedPoster;

  beforeEach(() => {
    log = new MemoryLogger();
    lines = new Map([['app.log', 200]]);
    relay = new AlertRelay({ log, linesRead: (file) => lines.get(file) });
    poster = new ScriptedPoster();
  });

  const anomaly = (id: string, firstLine: number, partial: Partial<Anomaly> = {}) => sampleAnomaly({ id, file: 'app.log', firstLine, lastLine: firstLine + 5, ...partial });

  it('posts nothing before it is armed', async () => {
    await relay.update('app.log', [anomaly('a', 250)]);
    assert.equal(poster.posted.length, 0);
  });

  it('treats what was in the store and every line read at arming as history', async () => {
    const old = anomaly('old', 10);
    relay.arm(poster, [{ file: 'app.log', anomalies: [old] }], ['app.log']);
    // The old anomaly grows, and a second one found on lines read before arming (a catch-up publishes late).
    await relay.update('app.log', [anomaly('old', 10, { lastLine: 230 }), anomaly('late', 150)]);
    assert.equal(poster.posted.length, 0);
    lines.set('app.log', 260);
    await relay.update('app.log', [anomaly('old', 10), anomaly('late', 150), anomaly('new', 240)]);
    assert.deepEqual(poster.posted.map((a) => a.id), ['new']);
  });

  it('posts an incident once however often the store repeats it, and again when its severity rises', async () => {
    relay.arm(poster, [], ['app.log']);
    const fresh = anomaly('x', 201, { severity: 'warning' });
    await relay.update('app.log', [fresh]);
    await relay.update('app.log', [{ ...fresh, lastLine: 240 }]);
    await relay.update('app.log', [{ ...fresh, lastLine: 260 }]);
    assert.equal(poster.posted.length, 1);
    await relay.update('app.log', [{ ...fresh, severity: 'error' }]);
    assert.deepEqual(poster.posted.map((a) => a.severity), ['warning', 'error']);
  });

  it('escalation of a baseline anomaly is posted', async () => {
    relay.arm(poster, [{ file: 'app.log', anomalies: [anomaly('old', 10, { severity: 'warning' })] }], ['app.log']);
    await relay.update('app.log', [anomaly('old', 10, { severity: 'error' })]);
    assert.deepEqual(poster.posted.map((a) => a.id), ['old']);
  });

  it('posts everything in a file that appeared after arming, and in a file that was truncated', async () => {
    relay.arm(poster, [], ['app.log']);
    await relay.update('new.log', [anomaly('n1', 1, { file: 'new.log' })]);
    lines.set('app.log', 12);
    await relay.update('app.log', [anomaly('t1', 5)]);
    assert.deepEqual(poster.posted.map((a) => a.id), ['n1', 't1']);
  });

  it('keeps trying a below-severity or rate-limited anomaly, but not a duplicate', async () => {
    relay.arm(poster, [], ['app.log']);
    poster.script.push(
      { kind: 'skipped', reason: 'belowSeverity' },
      { kind: 'skipped', reason: 'globalRateLimited' },
      { kind: 'skipped', reason: 'duplicate' },
    );
    const fresh = anomaly('x', 201);
    for (let i = 0; i < 4; i++) await relay.update('app.log', [fresh]);
    assert.equal(poster.posted.length, 3);
    assert.equal(relay.stats.skipped, 3);
    assert.equal(log.messages('info').filter((m) => /rate limit reached/.test(m)).length, 1);
  });

  it('logs a failing webhook once per episode and says when it recovers', async () => {
    const failures: string[] = [];
    relay = new AlertRelay({ log, linesRead: (file) => lines.get(file), onFailing: (reason) => failures.push(reason) });
    relay.arm(poster, [], ['app.log']);
    poster.script.push(
      { kind: 'failed', status: 404, error: 'HTTP 404 no_service', attempts: 1 },
      { kind: 'failed', error: 'fetch failed (ECONNREFUSED)', attempts: 2 },
      { kind: 'failed', error: 'fetch failed (ECONNREFUSED)', attempts: 2 },
    );
    for (let i = 0; i < 3; i++) await relay.update('app.log', [anomaly(`f${i}`, 201 + i)]);
    assert.equal(log.messages('warn').length, 1);
    assert.match(log.messages('warn')[0]!, /could not post anomaly f0: HTTP 404 no_service/);
    assert.deepEqual(failures, ['HTTP 404 no_service']);
    // Failed anomalies were not remembered: the next update posts them, and the recovery is logged.
    await relay.update('app.log', [anomaly('f0', 201)]);
    assert.ok(log.messages('info').some((m) => /accepts posts again/.test(m)));
    poster.script.push({ kind: 'failed', error: 'timed out', attempts: 2 });
    await relay.update('app.log', [anomaly('f9', 230)]);
    assert.equal(log.messages('warn').length, 2, 'a new episode is logged again');
    assert.deepEqual(relay.stats, { sent: 1, skipped: 0, failed: 4 });
  });

  it('a poster that throws counts as a failure, and nothing posts after disarming', async () => {
    relay.arm({ post: () => Promise.reject(new Error('boom')) }, [], ['app.log']);
    await relay.update('app.log', [anomaly('x', 201)]);
    assert.equal(relay.stats.failed, 1);
    relay.disarm();
    await relay.update('app.log', [anomaly('y', 210)]);
    assert.equal(relay.stats.failed, 1);
    assert.equal(relay.armed, false);
  });
});

describe('checkWebhookUrl', () => {
  it('accepts https and plain http only on this machine', () => {
    assert.deepEqual(checkWebhookUrl('  https://hooks.slack.com/services/T0/B0/abc '), { ok: true, url: 'https://hooks.slack.com/services/T0/B0/abc' });
    assert.equal(checkWebhookUrl('http://127.0.0.1:8080/hook').ok, true);
    assert.equal(checkWebhookUrl('http://localhost/hook').ok, true);
    assert.equal(checkWebhookUrl('http://[::1]:9000/hook').ok, true);
    for (const bad of ['', 'hooks.slack.com/services/x', 'http://hooks.slack.com/services/x', 'http://127.0.0.1.evil.example/x', 'ftp://example.com/x', 'javascript:alert(1)']) {
      const checked = checkWebhookUrl(bad);
      assert.equal(checked.ok, false, bad);
    }
  });
});
