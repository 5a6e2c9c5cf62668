/**
 * Alerts out in the editor: when opsCopilot.alerts.enabled is on, the workspace is trusted and a webhook URL is in
 * SecretStorage, anomalies from the AnomalyStore at or above opsCopilot.alerts.minSeverity go to core's WebhookAlerter
 * (rate-limited, de-duplicated, redacted), loaded on first use. The URL never touches settings or the log.
 */
import * as vscode from 'vscode';
import type { AlertResult } from '../../core/alerts/webhookAlerter';
import { systemClock } from '../../core/clock';
import type { Anomaly } from '../../core/detection/anomaly';
import type { Logger } from '../../core/logger';
import type { AnomalyStore } from '../anomalyStore';
import { reportError } from '../commands/reportError';
import { commandIds } from '../contributionIds';
import type { OpsServices } from '../opsServices';
import { AlertPoster, AlertRelay } from './alertRelay';
import { checkWebhookUrl } from './webhookUrl';

export const alertWebhookSecretKey = 'opsCopilot.alerts.webhookUrl';

/** The store is "caught up" once it has not changed for this long after the initial walk (bounded below). */
const quietMs = 1000;
const maxCatchUpWaitMs = 30_000;

/**
 * Registers the alert commands and the relay. `whenWatching` resolves when the current watch scope finished its
 * initial walk: history read at startup is the baseline, never posted.
 */
export function registerAlerts(services: OpsServices, whenWatching: () => Promise<void>): vscode.Disposable {
  const { context, settings, store, log } = services;
  const disposables: vscode.Disposable[] = [];
  let failureShown = false;
  const relay = new AlertRelay({
    log,
    linesRead: (file) => services.watcher()?.analysisOf(file)?.lines,
    onFailing: (reason) => {
      // Once per session: the log has each episode; a background feature should not keep interrupting.
      if (failureShown) return;
      failureShown = true;
      void vscode.window.showWarningMessage(`Ops Copilot: an alert could not be posted to the webhook (${reason}).`, 'Show Logs').then((choice) => {
        if (choice === 'Show Logs') void vscode.commands.executeCommand(commandIds.showLogs);
      });
    },
  });
  let url: string | undefined;
  let liveKey = '';
  let generation = 0;
  let caughtUp: Promise<void> | undefined;

  const posterFor = async (webhookUrl: string): Promise<AlertPoster> => {
    // Loaded only when alerts are used: activation stays free of the alerter and the redactor.
    const { WebhookAlerter } = await import('../../core/alerts/webhookAlerter.js');
    const current = settings.settings;
    return new WebhookAlerter({
      url: webhookUrl,
      minSeverity: current['alerts.minSeverity'],
      includeEvidence: current['alerts.includeEvidence'],
      source: vscode.workspace.name,
      clock: systemClock,
      // The relay reports outcomes itself (failures once per episode); the alerter's own lines go to debug.
      logger: quietLogger(log),
    });
  };

  const refresh = async (): Promise<void> => {
    const current = ++generation;
    const s = settings.settings;
    if (!s['alerts.enabled'] || !vscode.workspace.isTrusted || !url) {
      liveKey = '';
      relay.disarm();
      return;
    }
    const key = JSON.stringify([url, s['alerts.minSeverity'], s['alerts.includeEvidence']]);
    if (relay.armed && key === liveKey) return;
    const poster = await posterFor(url);
    caughtUp ??= waitUntilCaughtUp(services, whenWatching);
    await caughtUp;
    if (current !== generation) return;
    liveKey = key;
    if (relay.armed) relay.replacePoster(poster);
    else relay.arm(poster, store.files().map((file) => ({ file, anomalies: store.get(file) })), services.watcher()?.files ?? []);
  };
  const refreshLogged = (): void => {
    refresh().catch((error: unknown) => log.warn(`[alerts] ${error instanceof Error ? error.message : String(error)}`));
  };
  const loadUrl = async (): Promise<void> => {
    try {
      url = await context.secrets.get(alertWebhookSecretKey);
    } catch (error) {
      url = undefined;
      log.warn(`[alerts] could not read the webhook URL from the secret storage: ${error instanceof Error ? error.message : String(error)}`);
    }
    refreshLogged();
  };

  disposables.push(
    store.onDidChange(({ files }) => {
      if (!relay.armed) return;
      for (const file of files) void relay.update(file, store.get(file));
    }),
    settings.onDidChange(({ settings: next, changedKeys }) => {
      if (changedKeys.has('alerts.enabled') || changedKeys.has('alerts.minSeverity') || changedKeys.has('alerts.includeEvidence')) refreshLogged();
      if (changedKeys.has('alerts.enabled') && next['alerts.enabled'] && !url) {
        void vscode.window.showInformationMessage('Ops Copilot: alerts are on, but no webhook URL is set yet.', 'Set Webhook URL').then((choice) => {
          if (choice === 'Set Webhook URL') void vscode.commands.executeCommand(commandIds.setAlertWebhookUrl);
        });
      }
    }),
    context.secrets.onDidChange((event) => {
      if (event.key === alertWebhookSecretKey) void loadUrl();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(refreshLogged),
    vscode.commands.registerCommand(commandIds.setAlertWebhookUrl, () => setWebhookUrl(context, log)),
    vscode.commands.registerCommand(commandIds.clearAlertWebhookUrl, async () => {
      await context.secrets.delete(alertWebhookSecretKey);
      log.info('[alerts] webhook URL removed');
      void vscode.window.showInformationMessage('Ops Copilot: the alert webhook URL was removed; no alerts will be posted.');
    }),
    vscode.commands.registerCommand(commandIds.sendTestAlert, () => sendTestAlert(context, log, posterFor)),
  );
  void loadUrl();
  return vscode.Disposable.from(...disposables, {
    dispose: () => {
      // A refresh still awaiting the catch-up must not arm after disposal.
      generation++;
      relay.disarm();
    },
  });
}

async function setWebhookUrl(context: vscode.ExtensionContext, log: Logger): Promise<void> {
  try {
    const value = await vscode.window.showInputBox({
      title: 'Alert webhook URL',
      prompt: 'A Slack-compatible incoming webhook. Stored in the editor’s secret storage, never in settings.',
      placeHolder: 'https://hooks.slack.com/services/…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const checked = checkWebhookUrl(text);
        return checked.ok ? undefined : checked.error;
      },
    });
    if (value === undefined) return;
    const checked = checkWebhookUrl(value);
    if (!checked.ok) return;
    await context.secrets.store(alertWebhookSecretKey, checked.url);
    log.info(`[alerts] webhook URL set (host ${new URL(checked.url).host})`);
    const enabled = vscode.workspace.getConfiguration('opsCopilot').get<boolean>('alerts.enabled');
    const choice = await vscode.window.showInformationMessage(
      `Ops Copilot: webhook URL saved.${enabled ? '' : ' Alerts are off (opsCopilot.alerts.enabled).'}`,
      'Send Test Alert',
    );
    if (choice === 'Send Test Alert') await vscode.commands.executeCommand(commandIds.sendTestAlert);
  } catch (error) {
    reportError(log, 'Setting the alert webhook URL', error);
  }
}

async function sendTestAlert(context: vscode.ExtensionContext, log: Logger, posterFor: (url: string) => Promise<AlertPoster>): Promise<AlertResult | undefined> {
  try {
    const url = await context.secrets.get(alertWebhookSecretKey);
    if (!url) {
      const choice = await vscode.window.showWarningMessage('Ops Copilot: no alert webhook URL is set.', 'Set Webhook URL');
      if (choice === 'Set Webhook URL') await vscode.commands.executeCommand(commandIds.setAlertWebhookUrl);
      return undefined;
    }
    // A fresh poster: a test is never a duplicate of an earlier one, nor held back by the live rate limit.
    const result = await (await posterFor(url)).post(testAnomaly(Date.now()));
    if (result.kind === 'sent') {
      log.info(`[alerts] test alert posted (HTTP ${result.status})`);
      void vscode.window.showInformationMessage(`Ops Copilot: test alert posted (HTTP ${result.status}).`);
    } else {
      const reason = result.kind === 'failed' ? result.error : result.reason;
      log.warn(`[alerts] test alert not posted: ${reason}`);
      void vscode.window.showErrorMessage(`Ops Copilot: the test alert was not posted: ${reason}.`, 'Show Logs').then((choice) => {
        if (choice === 'Show Logs') void vscode.commands.executeCommand(commandIds.showLogs);
      });
    }
    return result;
  } catch (error) {
    reportError(log, 'Sending a test alert', error);
    return undefined;
  }
}

/** Error severity, so it passes any minSeverity. */
function testAnomaly(now: number): Anomaly {
  return {
    id: `test-alert-${now}`,
    type: 'error_spike',
    severity: 'error',
    score: 0,
    title: 'Test alert from Ops Copilot',
    explanation: 'If you can read this, anomalies from this workspace can reach this channel.',
    file: vscode.workspace.name ?? 'Ops Copilot',
    firstLine: 1,
    lastLine: 1,
    evidence: [],
    window: { startLine: 1, endLine: 1 },
    templateIds: [],
    metrics: {},
  };
}

/**
 * Resolves once the first watch scope finished its walk and the store has been quiet for a moment, so the catch-up
 * read of existing logs lands in the baseline. Bounded: a workspace whose logs never stop changing still gets alerts.
 */
async function waitUntilCaughtUp(services: OpsServices, whenWatching: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + maxCatchUpWaitMs;
  // The watch scope starts on a timer after activation; wait for it (unless paused) before asking for its walk.
  while (!services.watcher() && !services.isPaused() && Date.now() < deadline) await delay(50);
  await Promise.race([whenWatching(), delay(Math.max(0, deadline - Date.now()))]);
  await quiet(services.store, Math.max(0, deadline - Date.now()));
}

function quiet(store: AnomalyStore, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs);
    const cap = setTimeout(done, maxWaitMs);
    const subscription = store.onDidChange(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done(): void {
      clearTimeout(timer);
      clearTimeout(cap);
      subscription.dispose();
      resolve();
    }
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function quietLogger(log: Logger): Logger {
  return { trace: (m) => log.trace(m), debug: (m) => log.debug(m), info: (m) => log.debug(m), warn: (m) => log.debug(m), error: (m) => log.error(m) };
}
