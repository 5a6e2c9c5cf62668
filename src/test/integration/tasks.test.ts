/**
 * Incident tasks in the real editor: Start as Task from a plan, a safe step run in a real terminal after the
 * confirmation (the dialog is stubbed on the shared `vscode.window` object, the only way to answer a notification from
 * inside the extension host), declined and dangerous steps, a live check turning green when the watcher sees the error
 * rate back under its baseline, history read back from disk, and a corrupt store kept aside and reported.
 *
 * A real window reload cannot be driven from here: the suite runs inside the extension host that a reload would
 * restart. The "reload" test closes the task store (its writes landed) and opens it again from the same file, which is
 * what activation does after a reload.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentTask } from '../../core/tasks/incidentTask';
import type { TaskFeatures } from '../../vscode/tasks/registerTasks';
import type { TaskStepRunResult } from '../../vscode/tasks/taskStepRunner';
import type { PostmortemResult } from '../../vscode/tasks/taskCommands';
import { activeApi, stampAfterFixture, waitFor, workspacePath } from './testSupport';

type MessageFn = (message: string, ...rest: unknown[]) => Thenable<unknown>;
interface ShownMessage {
  kind: 'info' | 'warning';
  message: string;
  modal: boolean;
  detail?: string;
}

/** Answers the next confirmations with `answer` and records every message shown meanwhile. */
function stubMessages(answer: (shown: ShownMessage) => string | undefined): { shown: ShownMessage[]; restore(): void } {
  const window = vscode.window as unknown as { showInformationMessage: MessageFn; showWarningMessage: MessageFn };
  const original = { info: window.showInformationMessage, warning: window.showWarningMessage };
  const shown: ShownMessage[] = [];
  const fake =
    (kind: ShownMessage['kind']): MessageFn =>
    async (message, ...rest) => {
      const options = rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0] as object)) ? (rest[0] as vscode.MessageOptions) : undefined;
      const entry: ShownMessage = { kind, message, modal: Boolean(options?.modal), detail: options?.detail };
      shown.push(entry);
      return answer(entry);
    };
  window.showInformationMessage = fake('info');
  window.showWarningMessage = fake('warning');
  return {
    shown,
    restore: () => {
      window.showInformationMessage = original.info;
      window.showWarningMessage = original.warning;
    },
  };
}

const confirmations = (shown: ShownMessage[]) => shown.filter((m) => /command/i.test(m.message) && (/^Run /.test(m.message) || /DANGEROUS/.test(m.message)));

function planWith(steps: { id: string; title: string; command?: string }[], successCriteria: string[]) {
  return {
    summary: 'Check the checkout service and confirm it recovered',
    steps: steps.map((s) => ({ ...s, detail: `Do: ${s.title}`, risk: 'safe', riskReasons: [], verify: 'Looks right' })),
    estimatedTime: '10 min',
    risks: [],
    successCriteria,
    rollbackPlan: 'Nothing to roll back',
    sources: [],
    source: 'offline',
  };
}

describe('incident tasks', function () {
  this.timeout(90_000);
  let tasks: TaskFeatures;
  let taskId: string;

  before(async () => {
    const api = await activeApi();
    tasks = api.copilot.runtime('test:tasks').tasks;
    await tasks.service.store();
  });

  it('starts a task from a plan: steps become a pending checklist, success criteria become checks', async () => {
    const plan = planWith(
      [
        { id: 's1', title: 'Count requests', command: 'grep -c status= logs/app.log' },
        { id: 's2', title: 'Restart the API', command: 'kubectl rollout restart deploy/orders-api' },
        { id: 's3', title: 'Wipe the database', command: 'rm -rf /var/lib/postgresql' },
        { id: 's4', title: 'Tell support' },
      ],
      ['Error rate back under baseline on app.log', 'Customers confirm checkout works'],
    );
    const task = await vscode.commands.executeCommand<IncidentTask>('opsCopilot.startTask', {
      plan,
      classification: { category: 'Application', severity: 'high', priority: 'P2', confidence: 0.7, subcategory: 'checkout', rationale: 'errors', source: 'offline' },
      file: workspacePath('logs', 'app.log'),
      title: 'Checkout errors',
    });
    assert.ok(task, 'the command returned the task');
    taskId = task.id;
    assert.deepEqual(task.steps.map((s) => [s.id, s.status, s.risk]), [
      ['s1', 'pending', 'safe'],
      ['s2', 'pending', 'caution'],
      ['s3', 'pending', 'dangerous'],
      ['s4', 'pending', 'safe'],
    ]);
    assert.deepEqual(task.checks.map((c) => c.spec.kind), ['errorRateBelow', 'manual']);
    assert.equal(task.context.classification?.category, 'Application');
    // The Tasks view shows it with its steps.
    const roots = tasks.tree.getChildren();
    assert.ok(roots.some((node) => node.kind === 'task' && node.taskId === taskId));
    const children = tasks.tree.getChildren({ kind: 'task', taskId });
    assert.equal(children.filter((n) => n.kind === 'step').length, 4);
    const item = tasks.tree.getTreeItem({ kind: 'step', taskId, stepId: 's1' });
    assert.equal(item.contextValue, 'opsCopilot.step.pending.command');
  });

  it('runs a safe step in a terminal only after the confirmation, and records the run', async () => {
    const before = new Set(vscode.window.terminals);
    const stub = stubMessages((m) => (/^Run this safe command\?/.test(m.message) ? 'Run in Terminal' : undefined));
    let result: TaskStepRunResult | undefined;
    try {
      result = await vscode.commands.executeCommand<TaskStepRunResult>('opsCopilot.runTaskStep', { taskId, stepId: 's1' });
    } finally {
      stub.restore();
    }
    const [confirmation] = confirmations(stub.shown);
    assert.ok(confirmation, `a confirmation was shown; shown: ${JSON.stringify(stub.shown)}`);
    assert.match(confirmation.message, /grep -c status= logs\/app\.log/);
    assert.match(confirmation.message, /read-only diagnostic/);
    assert.equal(confirmation.modal, false, 'a safe command needs no modal');
    assert.equal(result?.kind, 'ran');
    if (result?.kind !== 'ran') return;
    const terminal = vscode.window.terminals.find((t) => !before.has(t) && t.name === result!.terminal);
    assert.ok(terminal, `a new terminal named ${result.terminal}`);
    const store = await tasks.service.store();
    const run = store.get(taskId)!.steps[0]!.commandRuns[0]!;
    assert.equal(run.requestedBy, tasks.service.who);
    assert.ok(run.confirmedAt !== undefined && run.ranIn === result.terminal);
    // The terminal's shell integration reports the exit code (grep found requests: 0), which finishes the step.
    const finished = await waitFor('the exit code to be recorded', () => {
      const step = store.get(taskId)!.steps[0]!;
      return step.commandRuns[0]!.state === 'finished' && step;
    }, 30_000, 100);
    console.log(`[tasks] exit code recorded (shell integration ${result.tracked ? 'ready before sending' : 'loaded with the shell'})`);
    assert.equal(finished.commandRuns[0]!.exitCode, 0);
    assert.equal(finished.commandRuns[0]!.outcomeBy, 'terminal');
    assert.equal(finished.status, 'done');
    terminal.dispose();
  });

  it('records a declined caution step and asks for a modal on a dangerous one, running neither', async () => {
    // A set, not a count: the terminal the previous test disposed may leave the list meanwhile.
    const terminalsBefore = new Set(vscode.window.terminals);
    const stub = stubMessages(() => undefined);
    try {
      const caution = await vscode.commands.executeCommand<TaskStepRunResult>('opsCopilot.runTaskStep', { taskId, stepId: 's2' });
      const dangerous = await vscode.commands.executeCommand<TaskStepRunResult>('opsCopilot.runTaskStep', { taskId, stepId: 's3' });
      assert.equal(caution?.kind, 'declined');
      assert.equal(dangerous?.kind, 'declined');
    } finally {
      stub.restore();
    }
    const [cautionDialog, dangerousDialog] = confirmations(stub.shown);
    assert.ok(cautionDialog?.modal && /CAUTION/.test(cautionDialog.message) && /restarts every pod/.test(cautionDialog.message));
    assert.ok(dangerousDialog?.modal && dangerousDialog.kind === 'warning' && /DANGEROUS/.test(dangerousDialog.message));
    assert.match(dangerousDialog.detail ?? '', /recursive delete/);
    assert.deepEqual(vscode.window.terminals.filter((t) => !terminalsBefore.has(t)).map((t) => t.name), [], 'no terminal was opened');
    const task = (await tasks.service.store()).get(taskId)!;
    assert.deepEqual(task.steps.slice(1, 3).map((s) => [s.status, s.commandRuns[0]?.state]), [
      ['pending', 'declined'],
      ['pending', 'declined'],
    ]);
    assert.ok(task.history.some((e) => e.kind === 'commandDeclined' && e.stepId === 's3'));
    // A run interrupted mid-dialog (the window reloaded) does not block the step: the next run closes it with a note.
    await (await tasks.service.store()).requestCommand(taskId, 's2', 'before the reload');
    const again = stubMessages(() => undefined);
    try {
      assert.equal((await vscode.commands.executeCommand<TaskStepRunResult>('opsCopilot.runTaskStep', { taskId, stepId: 's2' }))?.kind, 'declined');
    } finally {
      again.restore();
    }
    const runs = (await tasks.service.store()).get(taskId)!.steps[1]!.commandRuns;
    assert.deepEqual(runs.map((r) => r.state), ['declined', 'declined', 'declined']);
    assert.match(runs[1]!.note ?? '', /interrupted before the confirmation/);
    // The user records the rest: skip with a note, and mark the manual check.
    await vscode.commands.executeCommand('opsCopilot.skipStep', { taskId, stepId: 's3', note: 'not needed: pool recovered' });
    await vscode.commands.executeCommand('opsCopilot.setTaskCheck', { taskId, checkId: 'c2', status: 'passing' });
    const after = (await tasks.service.store()).get(taskId)!;
    assert.equal(after.steps[2]!.status, 'skipped');
    assert.equal(after.steps[2]!.note, 'not needed: pool recovered');
    assert.equal(after.checks[1]!.status, 'passing');
  });

  it('turns a live check green when the watcher sees the error rate back under its baseline', async () => {
    const api = await activeApi();
    const file = workspacePath('logs', 'checkout.log');
    const line = (i: number, error: boolean) =>
      `${stampAfterFixture(60 + Math.floor(i / 60), i % 60)} ${error ? 'ERROR payment failed: upstream timeout after 30000 ms' : `INFO order ${1000 + i} placed in ${20 + (i % 7)} ms`}`;
    // Three healthy windows (1% errors) make the baseline; then a window at 40% errors.
    const healthy = Array.from({ length: 600 }, (_, i) => line(i, i % 100 === 0));
    const incident = Array.from({ length: 200 }, (_, i) => line(600 + i, i % 5 < 2));
    fs.writeFileSync(file, `${[...healthy, ...incident].join('\n')}\n`);
    const health = await waitFor('the watcher to measure checkout.log', () => {
      const h = api.services.watcher()?.health.health(file);
      return h?.baselineErrorRate !== undefined && h.errorRate! > 0.3 && h;
    }, 20_000, 100);
    assert.ok(health.baselineErrorRate! <= 0.011);

    const task = await vscode.commands.executeCommand<IncidentTask>('opsCopilot.startTask', {
      plan: planWith([{ id: 's1', title: 'Roll back the payment client' }], ['Error rate back under baseline on checkout.log']),
      file,
    });
    assert.equal(task.checks[0]!.spec.kind, 'errorRateBelow');
    const store = await tasks.service.store();
    const red = await waitFor('the check to turn red', async () => {
      await tasks.checks.evaluate();
      const check = store.get(task.id)!.checks[0]!;
      return check.status === 'failing' && check;
    }, 10_000, 100);
    assert.match(red.detail ?? '', /error rate 40\.0% vs baseline 1\.00% on .*checkout\.log/);

    // The fix lands: a full window of healthy traffic.
    fs.appendFileSync(file, `${Array.from({ length: 200 }, (_, i) => line(800 + i, false)).join('\n')}\n`);
    // No explicit evaluate here: the monitor's own timer has to pick the change up.
    const green = await waitFor('the check to turn green', () => {
      const check = store.get(task.id)!.checks[0]!;
      return check.status === 'passing' && check;
    }, 15_000, 100);
    assert.match(green.detail ?? '', /error rate 0\.00% vs baseline/);
    const history = store.get(task.id)!.history.filter((e) => e.kind === 'checkStatus').map((e) => `${e.from}→${e.to}`);
    assert.deepEqual(history, ['pending→failing', 'failing→passing']);
    await vscode.commands.executeCommand('opsCopilot.resolveTask', { taskId: task.id, note: 'rolled back' });
  });

  it('keeps the history across a reload of the store: same tasks, same steps and events, from disk', async () => {
    const store = await tasks.service.store();
    const before = store.get(taskId)!;
    await tasks.reopenStore();
    const reopened = await tasks.service.store();
    assert.notEqual(reopened, store, 'a new store instance, read from the file');
    // Equal as stored: JSON has no undefined-valued fields.
    assert.deepEqual(reopened.get(taskId), JSON.parse(JSON.stringify(before)));
    const onDisk = JSON.parse(fs.readFileSync(tasks.service.file, 'utf8')) as { tasks: IncidentTask[] };
    assert.ok(onDisk.tasks.some((t) => t.id === taskId && t.history.length === before.history.length));
    // History filters: the resolved live-check task and the in-progress checkout one.
    assert.deepEqual(reopened.list({ status: 'resolved' }).map((t) => t.title), ['Check the checkout service and confirm it recovered']);
    assert.deepEqual(reopened.list({ status: 'inProgress', category: 'Application', file: 'app.log' }).map((t) => t.id), [taskId]);
    // Reopen the resolved one: its checks watch again from now.
    const resolved = reopened.list({ status: 'resolved' })[0]!;
    const again = await vscode.commands.executeCommand<IncidentTask>('opsCopilot.reopenTask', { taskId: resolved.id });
    assert.equal(again.status, 'inProgress');
    assert.equal(again.checks[0]!.status, 'pending');
  });

  it('exports a task as a postmortem draft, as an untitled document or a file', async () => {
    const untitled = await vscode.commands.executeCommand<PostmortemResult>('opsCopilot.exportTaskPostmortem', { taskId, to: 'untitled' });
    assert.equal(untitled?.kind, 'untitled');
    if (untitled?.kind !== 'untitled') return;
    const text = untitled.document.getText();
    assert.equal(untitled.document.languageId, 'markdown');
    assert.match(text, /^# Postmortem \(draft\): Checkout errors/m);
    assert.match(text, /## Timeline \(UTC\)[\s\S]*command for step "Count requests" sent to terminal/);
    assert.match(text, /Wipe the database\*\* — skipped[\s\S]*Note: not needed: pool recovered/);
    const target = vscode.Uri.file(workspacePath('notes', 'postmortem-checkout.md'));
    const saved = await vscode.commands.executeCommand<PostmortemResult>('opsCopilot.exportTaskPostmortem', { taskId, to: 'file', uri: target });
    assert.equal(saved?.kind, 'file');
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), text);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('keeps a corrupt task file aside, tells the user, and starts empty', async () => {
    await tasks.service.close();
    fs.writeFileSync(tasks.service.file, '{"version":1,"tasks":[{"id":"t-1","title":');
    const stub = stubMessages(() => undefined);
    try {
      await tasks.reopenStore();
    } finally {
      stub.restore();
    }
    const store = await tasks.service.store();
    assert.equal(store.loadStatus.kind, 'recovered');
    assert.equal(store.size, 0);
    if (store.loadStatus.kind !== 'recovered') return;
    assert.equal(fs.readFileSync(store.loadStatus.movedTo, 'utf8'), '{"version":1,"tasks":[{"id":"t-1","title":');
    assert.equal(path.dirname(store.loadStatus.movedTo), path.dirname(tasks.service.file));
    const warning = stub.shown.find((m) => m.kind === 'warning');
    assert.ok(warning && /task history file was unreadable/.test(warning.message) && warning.message.includes(path.basename(store.loadStatus.movedTo)));
  });
});
