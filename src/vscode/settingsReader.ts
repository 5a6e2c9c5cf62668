/**
 * Reads `opsCopilot.*`, parses it with core's schema and fires onDidChange with the keys that changed. An invalid value
 * is reported once (log + one warning) and that key keeps its last valid value, so a typo never stops the watchers.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { defaultSettings, settingsSchema, type SettingKey, type Settings } from '../core/settings';
import { configurationSection } from './contributionIds';

export interface SettingsChange {
  settings: Settings;
  changedKeys: ReadonlySet<SettingKey>;
}

export class SettingsReader implements vscode.Disposable {
  private current: Settings;
  private readonly reported = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  constructor(private readonly log: Logger) {
    this.current = this.read(defaultSettings());
    vscode.workspace.onDidChangeConfiguration(
      (event) => {
        if (event.affectsConfiguration(configurationSection)) this.refresh();
      },
      this,
      this.disposables,
    );
  }

  get settings(): Settings {
    return this.current;
  }

  private refresh(): void {
    const previous = this.current;
    this.current = this.read(previous);
    const changedKeys = new Set<SettingKey>();
    for (const key of Object.keys(this.current) as SettingKey[]) {
      if (JSON.stringify(previous[key]) !== JSON.stringify(this.current[key])) changedKeys.add(key);
    }
    if (changedKeys.size > 0) {
      this.log.info(`[settings] changed: ${[...changedKeys].join(', ')}`);
      this.changeEmitter.fire({ settings: this.current, changedKeys });
    }
  }

  private read(lastValid: Settings): Settings {
    const config = vscode.workspace.getConfiguration(configurationSection);
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(settingsSchema.shape)) {
      const value = config.get<unknown>(key);
      if (value !== undefined && value !== null) raw[key] = value;
    }
    const parsed = settingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const invalidKeys = new Set<string>();
    const messages: string[] = [];
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      invalidKeys.add(key);
      messages.push(`${configurationSection}.${key}: ${issue.message}`);
    }
    for (const key of invalidKeys) {
      if (key in lastValid) raw[key] = lastValid[key as SettingKey];
      else delete raw[key];
    }
    const fallback = settingsSchema.safeParse(raw);
    this.report(messages);
    return fallback.success ? fallback.data : lastValid;
  }

  private report(messages: string[]): void {
    const fresh = messages.filter((message) => !this.reported.has(message));
    if (fresh.length === 0) return;
    for (const message of fresh) {
      this.reported.add(message);
      this.log.warn(`[settings] invalid value, keeping the last valid one: ${message}`);
    }
    void vscode.window
      .showWarningMessage(`Ops Copilot: invalid setting ${fresh[0]}. The last valid value is used.`, 'Open Settings')
      .then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', configurationSection);
        }
      });
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

