/** Core's Logger backed by the one "Ops Copilot" LogOutputChannel. */
import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';

export function createChannelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (message) => channel.trace(message),
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message instanceof Error ? (message.stack ?? message.message) : message),
  };
}
