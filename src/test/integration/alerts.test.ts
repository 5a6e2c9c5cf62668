/**
 * Alerts out in the real editor: a local HTTP server on 127.0.0.1 stands in for Slack's incoming webhook; the URL goes
 * into SecretStorage, anomalies appear in watched logs, and we count what arrives.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { AlertResult } from '../../core/alerts/webhookAlerter';
import type { OpsCopilotApi } from '../../vscode/activation';
import { alertWebhookSecretKey } from '../../vscode/alerts/registerAlerts';
import { activeApi, opsLogText, stampAfterFixture, waitFor, workspacePath } from './testSupport';

interface Received {
  path: string;
  body: string;
}

class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      this.received.push({ path: request.url ?? '', body });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/it-secret-token`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const secret = 'hunter2secret';
const healthy = (minute: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${stampAfterFixture(minute, i)} INFO http GET /api/orders status=200 duration=${20 + i}ms`);
const outOfMemory = (minute: number, count: number, from = 0): string[] =>
  Array.from(
    { length: count },
    (_, i) => `${stampAfterFixture(minute, 30 + from + i)} ERROR worker java.lang.OutOfMemoryError: Java heap space in batch ${4000 + from + i} db_password=${secret}`,
  );

function append(file: string, lines: string[]): void {
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
}

describe('alerts to a webhook', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('opsCopilot');
  let api: OpsCopilotApi;
  let receiver: WebhookReceiver;
  const created: string[] = [];

  const logText = (): string => opsLogText(api);
  const occurrences = (pattern: RegExp): number => logText().match(new RegExp(pattern.source, 'g'))?.length ?? 0;
  const waitForLog = (what: string, pattern: RegExp, atLeast: number) =>
    waitFor(what, () => occurrences(pattern) >= atLeast, 15_000, 100);
  const newLog = (name: string): string => {
    const file = workspacePath('logs', `${name}-${process.pid}.log`);
    created.push(file);
    return file;
  };
  const anomaliesOf = (file: string) => api.services.store.get(file);

  before(async () => {
    api = await activeApi();
    receiver = new WebhookReceiver();
    await api.services.context.secrets.store(alertWebhookSecretKey, await receiver.start());
  });

  after(async () => {
    for (const key of ['alerts.enabled', 'alerts.includeEvidence', 'alerts.minSeverity']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await api.services.context.secrets.delete(alertWebhookSecretKey);
    for (const file of created) fs.rmSync(file, { force: true });
    await receiver.close();
  });

  it('posts an anomaly that appears in a watched log once, redacted', async () => {
    const armed = occurrences(/\[alerts\] on:/);
    await config().update('alerts.includeEvidence', true, vscode.ConfigurationTarget.Workspace);
    await config().update('alerts.enabled', true, vscode.ConfigurationTarget.Workspace);
    await waitForLog('alerts to be armed', /\[alerts\] on:/, armed + 1);
    assert.equal(receiver.received.length, 0, 'the anomalies already in the workspace are history, not alerts');

    const file = newLog('alerts');
    fs.writeFileSync(file, `${[...healthy(40, 20), ...outOfMemory(40, 3)].join('\n')}\n`);
    await waitFor('one post', () => receiver.received.length >= 1, 15_000, 50);
    const [post] = receiver.received;
    assert.equal(post!.path, '/services/T000/B000/it-secret-token');
    const payload = JSON.parse(post!.body) as { text: string; blocks: unknown[] };
    assert.match(payload.text, /out of memory/i);
    assert.match(payload.text, new RegExp(`alerts-${process.pid}\\.log:21`), 'points at the first appended error line');
    const [anomaly] = anomaliesOf(file);
    assert.ok(anomaly?.evidence.some((e) => e.text.includes(secret)), 'precondition: the evidence holds the secret');
    assert.match(post!.body, /db_password=\[REDACTED:password\]/, 'evidence lines are posted, redacted');
    assert.ok(!post!.body.includes(secret), 'the secret never leaves the machine');
    assert.ok(!logText().includes(secret) && !logText().includes('it-secret-token'), 'neither the secret nor the webhook URL is logged');
  });

  it('does not post the same incident again as it grows', async () => {
    const file = created[0]!;
    const before = anomaliesOf(file)[0]!;
    append(file, outOfMemory(40, 3, 3));
    await waitFor('the watcher to read the appended lines', () => (api.services.watcher()?.analysisOf(file)?.lines ?? 0) >= 26, 15_000, 50);
    await waitFor('the incident to grow', () => anomaliesOf(file).find((a) => a.lastLine >= 26), 10_000, 50);
    assert.deepEqual(anomaliesOf(file).map((a) => [a.id, a.firstLine, a.lastLine]), [[before.id, before.firstLine, 26]], 'one incident, grown');
    // The relay reacts to the same store change; give a post time to arrive if one were (wrongly) sent.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(receiver.received.length, 1);
  });

  it('does not post it again when the watcher reads every log again from the start', async () => {
    const file = created[0]!;
    const restarts = occurrences(/watching logs \(settings changed\)/);
    const previous = api.services.watcher();
    await config().update('logs.maxFiles', 150, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForLog('the watch scope to restart', /watching logs \(settings changed\)/, restarts + 1);
      await waitFor('the file to be read again', () => api.services.watcher() !== previous && (api.services.watcher()?.analysisOf(file)?.lines ?? 0) >= 26, 15_000, 50);
      await waitFor('its anomaly again', () => anomaliesOf(file).length > 0, 10_000, 50);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(receiver.received.length, 1);
    } finally {
      await config().update('logs.maxFiles', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('sends a test alert on request', async () => {
    const result = await vscode.commands.executeCommand<AlertResult>('opsCopilot.sendTestAlert');
    assert.equal(result?.kind, 'sent');
    await waitFor('the test post', () => receiver.received.length >= 2, 10_000, 50);
    assert.match(receiver.received[1]!.body, /Test alert from Ops Copilot/);
  });

  it('posts nothing when alerts are off', async () => {
    const off = occurrences(/\[alerts\] off/);
    await config().update('alerts.enabled', false, vscode.ConfigurationTarget.Workspace);
    await waitForLog('alerts to be turned off', /\[alerts\] off/, off + 1);
    const count = receiver.received.length;
    const file = newLog('alerts-off');
    fs.writeFileSync(file, `${[...healthy(50, 20), ...outOfMemory(50, 3)].join('\n')}\n`);
    await waitFor('the anomaly in the Problems panel', () => anomaliesOf(file).length > 0, 15_000, 50);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(receiver.received.length, count);
  });

  it('logs a webhook that refuses connections once, not per anomaly', async () => {
    // A port that was just free: nothing listens there.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await api.services.context.secrets.store(alertWebhookSecretKey, `http://127.0.0.1:${port}/hook`);
    const armed = occurrences(/\[alerts\] on:/);
    const failures = occurrences(/\[alerts\] could not post/);
    await config().update('alerts.enabled', true, vscode.ConfigurationTarget.Workspace);
    await waitForLog('alerts to be armed again', /\[alerts\] on:/, armed + 1);
    const first = newLog('alerts-fail-a');
    const second = newLog('alerts-fail-b');
    fs.writeFileSync(first, `${[...healthy(55, 20), ...outOfMemory(55, 3)].join('\n')}\n`);
    fs.writeFileSync(second, `${[...healthy(56, 20), ...outOfMemory(56, 3)].join('\n')}\n`);
    await waitForLog('the failure in the log', /\[alerts\] could not post/, failures + 1);
    // Each failed post retries once after a second; wait past both so a second warning would be there.
    await waitFor('both anomalies', () => anomaliesOf(first).length > 0 && anomaliesOf(second).length > 0, 15_000, 50);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    assert.equal(occurrences(/\[alerts\] could not post/), failures + 1);
    assert.match(logText(), /could not post anomaly \S+: fetch failed \(ECONNREFUSED\)/);
  });
});
