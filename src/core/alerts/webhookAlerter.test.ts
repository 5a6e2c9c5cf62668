import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../test/fakes/fakeClock';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { sampleAnomaly } from '../../test/fakes/samplePlan';
import type { SlackPayload } from './slackPayload';
import { retryAfterMs, WebhookAlerter, WebhookAlerterOptions } from './webhookAlerter';

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A local Slack stand-in: records every POST body and answers from a script (then 200 "ok"). */
class FakeWebhook {
  readonly bodies: SlackPayload[] = [];
  readonly script: Reply[] = [];
  private readonly server = http.createServer((request, response) => {
    let data = '';
    request.on('data', (chunk: Buffer) => (data += chunk.toString()));
    request.on('end', () => {
      this.bodies.push(JSON.parse(data) as SlackPayload);
      const reply = this.script.shift() ?? { status: 200, body: 'ok' };
      response.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
      response.end(reply.body ?? '');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/secret-token`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Test redactor: hides anything that looks like a password assignment or a bearer token. */
const redact = (text: string) => ({ text: text.replace(/(password=)\S+/gi, '$1[REDACTED]').replace(/Bearer \S+/g, 'Bearer [REDACTED]') });

describe('WebhookAlerter', () => {
  let hook: FakeWebhook;
  let url: string;
  let clock: FakeClock;
  let logger: MemoryLogger;
  let waits: number[];

  beforeEach(async () => {
    hook = new FakeWebhook();
    url = await hook.start();
    clock = new FakeClock();
    logger = new MemoryLogger();
    waits = [];
  });
  afterEach(() => hook.stop());

  function alerter(options: Partial<WebhookAlerterOptions> = {}): WebhookAlerter {
    return new WebhookAlerter({
      url,
      minSeverity: 'warning',
      redact,
      clock,
      logger,
      sleep: async (ms) => void waits.push(ms),
      ...options,
    });
  }

  it('posts a Slack blocks payload with a text fallback, redacted and escaped', async () => {
    const anomaly = sampleAnomaly({
      title: 'Login failures for admin <!channel>',
      explanation: 'auth failed with password=hunter2 & Bearer abc.def.ghi from <http://evil|click>',
      evidence: [{ line: 7, text: 'password=hunter2' }],
    });
    const result = await alerter({ source: 'shop-workspace' }).post(anomaly);
    assert.deepEqual(result, { kind: 'sent', status: 200, attempts: 1 });
    assert.equal(hook.bodies.length, 1);
    const payload = hook.bodies[0];
    const all = JSON.stringify(payload);
    assert.ok(!all.includes('hunter2') && !all.includes('abc.def.ghi'), all);
    assert.ok(!all.includes('<!channel>') && !all.includes('<http'), 'no raw Slack control sequences');
    assert.equal(
      payload.text,
      '[ERROR] Login failures for admin &lt;!channel&gt; — auth failed with password=[REDACTED] &amp; Bearer [REDACTED] from &lt;http://evil|click&gt; (logs/app.log:120)',
    );
    assert.deepEqual(payload.blocks.map((b) => b.type), ['header', 'section', 'section', 'context']);
    assert.deepEqual(payload.blocks[0], { type: 'header', text: { type: 'plain_text', text: '🔴 Login failures for admin ‹!channel›', emoji: true } });
    const fields = (payload.blocks[2] as { fields: { text: string }[] }).fields.map((f) => f.text);
    assert.deepEqual(fields, ['*Severity*\nerror', '*Location*\n`logs/app.log:120`', '*Type*\nerror spike', '*Lines*\n120–180']);
    assert.match((payload.blocks[3] as { elements: { text: string }[] }).elements[0].text, /^Ops Copilot · shop-workspace · anomaly an-1 · 2026-01-15T10:00:00\.000Z$/);
    assert.ok(!logger.lines.some((l) => l.message.includes('secret-token')), 'the webhook URL is never logged');
  });

  it('uses the safety redactor when none is given', async () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const result = await alerter({ redact: undefined }).post(sampleAnomaly({ explanation: `push rejected for token ${token}`, file: `logs/${token}.log` }));
    assert.equal(result.kind, 'sent');
    const all = JSON.stringify(hook.bodies[0]);
    assert.ok(!all.includes(token), all);
    assert.match(all, /REDACTED/);
  });

  it('skips anomalies below the chosen severity', async () => {
    const result = await alerter({ minSeverity: 'error' }).post(sampleAnomaly({ severity: 'warning' }));
    assert.deepEqual(result, { kind: 'skipped', reason: 'belowSeverity' });
    assert.equal(hook.bodies.length, 0);
  });

  it('does not repost a growing anomaly unless its severity rises, and then not within 10 minutes', async () => {
    const a = alerter();
    assert.equal((await a.post(sampleAnomaly({ severity: 'warning', lastLine: 130 }))).kind, 'sent');
    clock.advance(30 * 60000);
    assert.deepEqual(await a.post(sampleAnomaly({ severity: 'warning', lastLine: 400 })), { kind: 'skipped', reason: 'duplicate' });
    clock.set(clock.now() - 30 * 60000 + 2 * 60000);
    assert.deepEqual(await a.post(sampleAnomaly({ severity: 'error' })), { kind: 'skipped', reason: 'incidentRateLimited' });
    clock.advance(9 * 60000);
    assert.equal((await a.post(sampleAnomaly({ severity: 'error' }))).kind, 'sent');
    assert.equal(hook.bodies.length, 2);
    assert.match(hook.bodies[1].text, /Severity raised/);
  });

  it('de-duplicates by incident when anomalies share one', async () => {
    const a = alerter();
    assert.equal((await a.post(sampleAnomaly({ id: 'x1' }), { incidentId: 'inc-1' })).kind, 'sent');
    assert.deepEqual(await a.post(sampleAnomaly({ id: 'x2' }), { incidentId: 'inc-1' }), { kind: 'skipped', reason: 'duplicate' });
    a.forget('inc-1');
    assert.equal((await a.post(sampleAnomaly({ id: 'x2' }), { incidentId: 'inc-1' })).kind, 'sent');
  });

  it('limits the overall rate with a token bucket', async () => {
    const a = alerter({ maxPerMinute: 3 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await a.post(sampleAnomaly({ id: `burst-${i}` }))).kind === 'sent' ? 'sent' : 'limited');
    assert.deepEqual(results, ['sent', 'sent', 'sent', 'limited', 'limited']);
    clock.advance(20000);
    assert.equal((await a.post(sampleAnomaly({ id: 'burst-3' }))).kind, 'sent', 'one token back after 20 s at 3/min');
    assert.deepEqual(await a.post(sampleAnomaly({ id: 'burst-4' })), { kind: 'skipped', reason: 'globalRateLimited' });
    assert.equal(hook.bodies.length, 4);
  });

  it('sends concurrent posts of one anomaly once', async () => {
    const a = alerter();
    const results = await Promise.all([a.post(sampleAnomaly()), a.post(sampleAnomaly()), a.post(sampleAnomaly())]);
    assert.deepEqual(results.map((r) => r.kind).sort(), ['sent', 'skipped', 'skipped']);
    assert.equal(hook.bodies.length, 1);
  });

  it('retries once on 429 honouring Retry-After', async () => {
    hook.script.push({ status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' });
    const result = await alerter().post(sampleAnomaly());
    assert.deepEqual(result, { kind: 'sent', status: 200, attempts: 2 });
    assert.deepEqual(waits, [3000]);
    assert.equal(hook.bodies.length, 2);
  });

  it('gives up after one retry on 5xx, returns the failure and allows a later attempt', async () => {
    hook.script.push({ status: 503 }, { status: 502, body: 'bad gateway' });
    const a = alerter();
    const result = await a.post(sampleAnomaly());
    assert.deepEqual(result, { kind: 'failed', status: 502, error: 'HTTP 502 bad gateway', attempts: 2 });
    assert.deepEqual(waits, [1000]);
    assert.equal((await a.post(sampleAnomaly())).kind, 'sent', 'a failed post is not remembered as sent');
  });

  it('does not retry a 4xx or wait for an excessive Retry-After', async () => {
    hook.script.push({ status: 404, body: 'no_service' });
    assert.deepEqual(await alerter().post(sampleAnomaly({ id: 'a' })), { kind: 'failed', status: 404, error: 'HTTP 404 no_service', attempts: 1 });
    hook.script.push({ status: 429, headers: { 'retry-after': '3600' } });
    const result = await alerter().post(sampleAnomaly({ id: 'b' }));
    assert.equal(result.kind, 'failed');
    assert.deepEqual(waits, []);
  });

  it('returns a failure instead of throwing when nothing listens', async () => {
    // Port 9 (discard) has no listener on a test machine: the connection is refused.
    const result = await alerter({ url: 'http://127.0.0.1:9/hook' }).post(sampleAnomaly());
    assert.equal(result.kind, 'failed');
    assert.ok(result.kind === 'failed' && result.attempts === 2 && /fetch failed/.test(result.error), JSON.stringify(result));
    assert.deepEqual(waits, [1000]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 0, 15, 10, 0, 0);
    assert.equal(retryAfterMs('2', now), 2000);
    assert.equal(retryAfterMs('Thu, 15 Jan 2026 10:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });
});
