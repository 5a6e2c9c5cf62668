/**
 * Runs one task step's command: records the request, shows the same safety confirmation as "Run step" (the checker's
 * verdict and reasons; `dangerous` is modal), records the decision, sends the command to a new terminal and, when the
 * terminal has shell integration (now, or once its shell has started), records the exit code as the run's outcome.
 * Without shell integration the outcome is left to the user or the live checks.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { IllegalTransitionError, type CommandOutcome, type CommandRun } from '../../core/tasks/incidentTask';
import { confirmStepCommand, openStepTerminal } from '../commands/stepConfirmation';
import type { TaskService } from './taskService';

export type TaskStepRunResult =
  | { kind: 'ran'; runId: string; terminal: string; tracked: boolean }
  | { kind: 'declined' | 'blocked'; runId: string };

/** How long to wait for a new terminal's shell integration before sending plain text instead. */
const shellIntegrationWaitMs = 3000;

export class TaskStepRunner implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Runs whose end we are waiting for, by the execution the terminal reported. */
  private readonly tracked = new Map<vscode.TerminalShellExecution, { taskId: string; runId: string }>();
  /** Runs waiting on their confirmation dialog in this session. */
  private readonly inFlight = new Set<string>();
  /**
   * Runs sent as text before shell integration was up: the shell runs the queued text once it starts, and if
   * integration loads with it, the first execution to end in that (dedicated) terminal is ours.
   */
  private readonly untracked = new Map<vscode.Terminal, { taskId: string; runId: string }>();

  constructor(
    private readonly tasks: TaskService,
    private readonly log: Logger,
  ) {
    if (typeof vscode.window.onDidEndTerminalShellExecution === 'function') {
      this.disposables.push(vscode.window.onDidEndTerminalShellExecution((event) => void this.onExecutionEnded(event)));
    }
    this.disposables.push(vscode.window.onDidCloseTerminal((terminal) => this.untracked.delete(terminal)));
  }

  async run(taskId: string, stepId: string): Promise<TaskStepRunResult> {
    const store = await this.tasks.store();
    const step = store.get(taskId)?.steps.find((s) => s.id === stepId);
    const stale = step?.commandRuns.find((r) => r.state === 'requested' || r.state === 'confirmed' || r.state === 'ran');
    if (stale) await this.settle(taskId, stale);
    // requestCommand validates the task, the step and its state; these checks only pick the dialog's title and risk.
    const run = await store.requestCommand(taskId, stepId, this.tasks.who);
    this.inFlight.add(run.id);
    let confirmation: Awaited<ReturnType<typeof confirmStepCommand>>;
    try {
      confirmation = await confirmStepCommand({ command: run.command, title: step?.title, risk: step?.risk }, this.log);
    } catch (error) {
      this.inFlight.delete(run.id);
      await store.declineCommand(taskId, run.id, this.tasks.who, `the confirmation failed: ${(error as Error).message}`);
      throw error;
    } finally {
      this.inFlight.delete(run.id);
    }
    if (confirmation.decision !== 'run') {
      const note = confirmation.decision === 'blocked' ? 'untrusted workspace: nothing runs' : `declined at the ${confirmation.risk} confirmation`;
      await store.declineCommand(taskId, run.id, this.tasks.who, note);
      return { kind: confirmation.decision, runId: run.id };
    }
    await store.confirmCommand(taskId, run.id, this.tasks.who);
    let terminal: vscode.Terminal;
    try {
      terminal = openStepTerminal({ title: step?.title });
    } catch (error) {
      await store.recordCommandOutcome(taskId, run.id, 'failed', this.tasks.who, { note: `the terminal could not be opened: ${(error as Error).message}` });
      throw error;
    }
    const integration = await waitForShellIntegration(terminal, shellIntegrationWaitMs);
    // Recorded before sending: a quick command can end before a later write would land, and its exit code needs a
    // run that already counts as ran.
    await store.markCommandRan(taskId, run.id, this.tasks.who, terminal.name);
    let tracked = false;
    if (integration) {
      const execution = integration.executeCommand(confirmation.command);
      this.tracked.set(execution, { taskId, runId: run.id });
      tracked = true;
    } else {
      this.untracked.set(terminal, { taskId, runId: run.id });
      terminal.sendText(confirmation.command, true);
    }
    this.log.info(`[tasks] ran a ${confirmation.risk} command of ${taskId}/${stepId} after confirmation${tracked ? '' : ' (no shell integration: outcome left to the user)'}`);
    return { kind: 'ran', runId: run.id, terminal: terminal.name, tracked };
  }

  /**
   * A run left unfinished blocks a new one. One still in this session's hands (its dialog is open, or its terminal
   * will report its end) stays; the rest were interrupted (a reload mid-dialog) or can never report an exit code, and
   * are closed with a note saying so before the new run starts.
   */
  private async settle(taskId: string, run: CommandRun): Promise<void> {
    // Sent without shell integration, nothing will ever report its end: that one is settled like an interrupted run.
    for (const [terminal, target] of this.untracked) if (target.runId === run.id) this.untracked.delete(terminal);
    const watching = this.inFlight.has(run.id) || [...this.tracked.values()].some((t) => t.runId === run.id);
    if (watching) {
      throw new IllegalTransitionError('command', run.id, run.state, 'requested', `its earlier run is still ${run.state === 'ran' ? `executing in ${run.ranIn ?? 'a terminal'}` : 'waiting for your confirmation'}`);
    }
    const store = await this.tasks.store();
    if (run.state === 'requested') {
      await store.declineCommand(taskId, run.id, this.tasks.who, 'interrupted before the confirmation (window closed or reloaded)');
    } else {
      await store.recordCommandOutcome(taskId, run.id, 'unknown', this.tasks.who, {
        note: run.state === 'confirmed' ? 'interrupted before it reached a terminal' : 'no exit code was reported; superseded by a new run',
      });
    }
  }

  dispose(): void {
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.tracked.clear();
    this.untracked.clear();
  }

  private async onExecutionEnded(event: vscode.TerminalShellExecutionEndEvent): Promise<void> {
    let target = this.tracked.get(event.execution);
    if (target) {
      this.tracked.delete(event.execution);
    } else {
      target = this.untracked.get(event.terminal);
      if (!target) return;
      this.untracked.delete(event.terminal);
    }
    const outcome: CommandOutcome = event.exitCode === undefined ? 'unknown' : event.exitCode === 0 ? 'succeeded' : 'failed';
    try {
      const store = await this.tasks.store();
      await store.recordCommandOutcome(target.taskId, target.runId, outcome, 'terminal', event.exitCode === undefined ? {} : { exitCode: event.exitCode });
    } catch (error) {
      // The user may have marked the step meanwhile; their record stands.
      this.log.info(`[tasks] exit code of run ${target.runId} not recorded: ${(error as Error).message}`);
    }
  }
}

function waitForShellIntegration(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  if (typeof vscode.window.onDidChangeTerminalShellIntegration !== 'function') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(undefined);
    }, timeoutMs);
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal !== terminal) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(event.shellIntegration);
    });
  });
}
