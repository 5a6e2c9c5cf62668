import assert from 'node:assert/strict';
import { createTask, markCommandRan, moveStep, recordCommandOutcome, requestCommand, confirmCommand, setCheckStatus } from '../../core/tasks/taskTransitions';
import { hostToPanelSchema } from '../../shared/webviewProtocol';
import { sampleAnomaly, sampleClassification, samplePlan } from '../../test/fakes/samplePlan';
import { toDetailView } from './taskViews';

const at = (minutes: number) => ({ who: 'sam', at: Date.UTC(2026, 10, 22, 10, minutes) });

describe('toDetailView', () => {
  it('shows a worked task as the panel protocol expects: step states, last runs, checks and history lines', () => {
    const task = createTask('t-1', { plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly({ file: '/ws/logs/app.log' })] }, at(0));
    const run = requestCommand(task, 's1', 'r-1', at(1));
    confirmCommand(task, run.id, at(1));
    markCommandRan(task, run.id, at(1), 'Ops: Check active connections');
    recordCommandOutcome(task, run.id, 'failed', { who: 'terminal', at: at(2).at }, { exitCode: 2 });
    moveStep(task, 's3', 'skipped', at(3), 'pool size is fine');
    setCheckStatus(task, 'c1', 'passing', { who: 'detector', at: at(4).at }, 'error rate 0.5% vs baseline 1.2% on app.log');

    const view = toDetailView(task);
    assert.equal(hostToPanelSchema.safeParse({ type: 'task', taskId: task.id, task: view }).success, true, 'valid on the wire');
    assert.deepEqual(view.stepList.map((s) => [s.id, s.status, s.lastRun]), [
      ['s1', 'failed', 'failed (exit 2)'],
      ['s2', 'pending', undefined],
      ['s3', 'skipped', undefined],
    ]);
    assert.equal(view.steps.failed, 1);
    assert.deepEqual(view.checkList.map((c) => [c.status, c.manual]), [
      ['passing', false],
      ['pending', false],
      ['pending', false],
      ['pending', true],
    ]);
    assert.equal(view.category, 'Database');
    assert.equal(view.file, '/ws/logs/app.log');
    const lines = view.history.map((e) => e.text);
    assert.ok(lines.includes('sent the command of step “Check active connections” to Ops: Check active connections'), lines.join('\n'));
    assert.ok(lines.includes('step “Raise pool size if needed” pending → skipped: pool size is fine'));
    assert.ok(lines.some((l) => /^check “Error rate back under baseline on app.log” pending → passing/.test(l)));
  });

  it('keeps the newest history events and clips long text to the protocol bounds', () => {
    const task = createTask('t-2', { plan: samplePlan({ summary: 'x'.repeat(5000) }) }, at(0));
    for (let i = 0; i < 300; i++) task.history.push({ at: at(1).at + i, kind: 'note', who: 'sam', text: `note ${i}` });
    const view = toDetailView(task);
    assert.equal(view.history.length, 200);
    assert.equal(view.history.at(-1)?.text, 'note: note 299');
    assert.equal(view.summary.length, 2000);
    assert.equal(hostToPanelSchema.safeParse({ type: 'task', taskId: task.id, task: view }).success, true);
  });
});
