/**
 * The safety confirmation every plan command goes through before it reaches a terminal (chat "Run step", the panel,
 * incident tasks): the checker's verdict and reasons in the dialog, `dangerous` modal, nothing in an untrusted
 * workspace. Kept apart from the copilot's commands so it carries no copilot code with it.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { stricterRisk, type StepRisk } from '../../core/remediation/remediationPlan';
import { checkCommand } from '../../core/safety/commandSafety';

export interface RunStepArgs {
  command: string;
  title?: string;
  /** Where to run it; the first workspace folder otherwise. */
  cwd?: string;
  /** The plan's risk for the step; the confirmation uses the stricter of this and the checker's verdict. */
  risk?: StepRisk;
}

export interface StepConfirmation {
  decision: 'run' | 'declined' | 'blocked';
  command: string;
  /** The risk the dialog showed: the stricter of the checker's verdict and `args.risk`. */
  risk: StepRisk;
  reasons: string[];
}

/**
 * The safety confirmation on its own, for callers that record the decision (incident tasks) before opening the
 * terminal themselves. The checker runs on the command as it will be sent; a plan's own stricter risk is kept.
 */
export async function confirmStepCommand(args: RunStepArgs, log: Logger): Promise<StepConfirmation> {
  const command = args?.command?.trim() ?? '';
  const verdict = checkCommand(command);
  const risk = stricterRisk(verdict.risk, args?.risk);
  const reasons = verdict.reasons.length ? verdict.reasons : risk !== verdict.risk ? [`the plan marks this step ${risk}`] : [];
  if (!command) return { decision: 'declined', command, risk, reasons };
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Ops Copilot runs no commands in an untrusted workspace. Trust the workspace to run plan steps.');
    return { decision: 'blocked', command, risk, reasons };
  }
  const why = reasons.length ? reasons.join('; ') : 'read-only diagnostic';
  const run = 'Run in Terminal';
  let choice: string | undefined;
  if (risk === 'dangerous') {
    choice = await vscode.window.showWarningMessage(
      `DANGEROUS command${args.title ? ` (${args.title})` : ''}`,
      { modal: true, detail: `${command}\n\nWhy: ${why}\n\nIt may destroy data or take systems down. Run it only if you understand and accept that.` },
      run,
    );
  } else {
    choice = await vscode.window.showInformationMessage(
      `Run ${risk === 'caution' ? 'this CAUTION' : 'this safe'} command? ${command.length > 120 ? command.slice(0, 117) + '…' : command} — ${why}`,
      { modal: risk === 'caution' },
      run,
    );
  }
  if (choice !== run) {
    log.info(`[runStep] declined (${risk})`);
    return { decision: 'declined', command, risk, reasons };
  }
  return { decision: 'run', command, risk, reasons };
}

/** A new terminal for one step, in `args.cwd` or the first workspace folder. */
export function openStepTerminal(args: Pick<RunStepArgs, 'title' | 'cwd'>): vscode.Terminal {
  const cwd = args.cwd ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const terminal = vscode.window.createTerminal({ name: `Ops: ${args.title ?? 'plan step'}`.slice(0, 60), cwd });
  terminal.show();
  return terminal;
}

