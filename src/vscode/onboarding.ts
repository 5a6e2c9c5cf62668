/**
 * First-run prompt: offered once per machine, and only in a workspace that has log files, so a user who opens a
 * plain code repository is never nagged. The flag is set before the prompt shows: a dismissed or ignored
 * notification counts as seen.
 */
import * as vscode from 'vscode';
import { commandIds } from './contributionIds';

export const firstRunShownKey = 'opsCopilot.firstRunShown';
const walkthroughId = 'ops-copilot.ops-copilot#opsCopilot.gettingStarted';

export async function maybeShowFirstRun(
  context: vscode.ExtensionContext,
  hasLogFiles: () => Promise<boolean>,
): Promise<void> {
  if (context.globalState.get<boolean>(firstRunShownKey)) return;
  if (!(await hasLogFiles())) return;
  // Re-check after the await: two windows opening at once must not both prompt.
  if (context.globalState.get<boolean>(firstRunShownKey)) return;
  await context.globalState.update(firstRunShownKey, true);
  const open = 'Open Walkthrough';
  const sample = 'Generate Sample Logs';
  const choice = await vscode.window.showInformationMessage(
    'Ops Copilot found log files in this workspace. Anomalies will appear in the Problems panel; ask @ops in chat about them.',
    open,
    sample,
  );
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false);
  else if (choice === sample) await vscode.commands.executeCommand(commandIds.generateSampleLogs);
}
