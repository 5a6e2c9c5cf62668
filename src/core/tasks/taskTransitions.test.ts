import assert from 'node:assert/strict';
import { sampleAnomaly, sampleClassification, samplePlan } from '../../test/fakes/samplePlan';
import { IllegalTransitionError, IncidentTask, StepStatus, stepStatuses, TaskNotFoundError } from './incidentTask';
import {
  addNote,
  canMoveStep,
  confirmCommand,
  createTask,
  declineCommand,
  markCommandRan,
  moveStep,
  moveTask,
  recordCommandOutcome,
  requestCommand,
  setCheckStatus,
} from './taskTransitions';

const t0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const alice = (minutes = 0) => ({ who: 'alice', at: t0 + minutes * 60000 });

function newTask(): IncidentTask {
  return createTask('t1', { plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly()] }, alice());
}

describe('task state machine', () => {
  it('turns a plan into a pending checklist with the incident context and live checks', () => {
    const task = newTask();
    assert.equal(task.status, 'open');
    assert.deepEqual(task.steps.map((s) => [s.id, s.status]), [['s1', 'pending'], ['s2', 'pending'], ['s3', 'pending']]);
    assert.equal(task.context.file, 'logs/app.log');
    assert.deepEqual(task.context.anomalyIds, ['an-1']);
    assert.equal(task.context.classification?.category, 'Database');
    assert.equal(task.context.evidence.length, 2);
    assert.deepEqual(task.checks.map((c) => c.spec.kind), ['errorRateBelow', 'anomalyCleared', 'noNewAnomalies', 'manual']);
    assert.deepEqual(task.history.map((h) => h.kind), ['created']);
  });

  it('allows exactly the legal step moves', () => {
    const legal: Record<StepStatus, StepStatus[]> = {
      pending: ['running', 'done', 'skipped'],
      running: ['done', 'failed', 'pending'],
      failed: ['running', 'skipped', 'pending'],
      skipped: ['pending'],
      done: ['pending'],
    };
    for (const from of stepStatuses) {
      for (const to of stepStatuses) assert.equal(canMoveStep(from, to), legal[from].includes(to), `${from} → ${to}`);
    }
  });

  it('rejects an illegal step move with a typed error and changes nothing', () => {
    const task = newTask();
    const before = structuredClone(task);
    assert.throws(
      () => moveStep(task, 's1', 'failed', alice(1)),
      (error: unknown) => error instanceof IllegalTransitionError && error.entity === 'step' && error.from === 'pending' && error.to === 'failed',
    );
    assert.deepEqual(task, before);
    assert.throws(() => moveStep(task, 'nope', 'running', alice(1)), TaskNotFoundError);
  });

  it('records who and when for each step move and starts the task on the first one', () => {
    const task = newTask();
    moveStep(task, 's1', 'running', alice(1));
    moveStep(task, 's1', 'done', { who: 'bob', at: t0 + 3 * 60000 }, 'two idle-in-transaction sessions');
    assert.equal(task.status, 'inProgress');
    const step = task.steps[0];
    assert.equal(step.startedAt, t0 + 60000);
    assert.equal(step.endedAt, t0 + 3 * 60000);
    assert.equal(step.by, 'bob');
    assert.deepEqual(
      task.history.map((h) => [h.kind, h.from, h.to]),
      [['created', undefined, undefined], ['stepStatus', 'pending', 'running'], ['taskStatus', 'open', 'inProgress'], ['stepStatus', 'running', 'done']],
    );
    assert.throws(() => moveStep(task, 's1', 'running', alice(4)), IllegalTransitionError);
  });

  it('walks a command through requested, confirmed, ran and outcome, moving the step with it', () => {
    const task = newTask();
    const run = requestCommand(task, 's2', 'r1', alice(1));
    assert.equal(run.command, 'kubectl rollout restart deploy/orders-api');
    assert.equal(run.risk, 'caution');
    assert.throws(() => markCommandRan(task, 'r1', alice(2)), IllegalTransitionError, 'must be confirmed first');
    assert.throws(() => requestCommand(task, 's2', 'r2', alice(2)), IllegalTransitionError, 'one run at a time');
    confirmCommand(task, 'r1', alice(2));
    markCommandRan(task, 'r1', alice(2), 'Ops: s2');
    assert.equal(task.steps[1].status, 'running');
    recordCommandOutcome(task, 'r1', 'succeeded', alice(5), { exitCode: 0, note: 'pods rolled' });
    assert.equal(task.steps[1].status, 'done');
    const stored = task.steps[1].commandRuns[0];
    assert.deepEqual(
      [stored.state, stored.confirmedBy, stored.ranIn, stored.outcome, stored.exitCode, stored.finishedAt],
      ['finished', 'alice', 'Ops: s2', 'succeeded', 0, t0 + 5 * 60000],
    );
    assert.throws(() => recordCommandOutcome(task, 'r1', 'failed', alice(6)), IllegalTransitionError);
  });

  it('marks the step failed on a failed command and allows a retry run', () => {
    const task = newTask();
    requestCommand(task, 's2', 'r1', alice(1));
    confirmCommand(task, 'r1', alice(1));
    markCommandRan(task, 'r1', alice(1));
    recordCommandOutcome(task, 'r1', 'failed', alice(2), { exitCode: 1 });
    assert.equal(task.steps[1].status, 'failed');
    requestCommand(task, 's2', 'r2', alice(3));
    confirmCommand(task, 'r2', alice(3));
    markCommandRan(task, 'r2', alice(3));
    assert.equal(task.steps[1].status, 'running');
  });

  it('keeps a declined command from running and refuses commands on steps without one', () => {
    const task = newTask();
    requestCommand(task, 's2', 'r1', alice(1));
    declineCommand(task, 'r1', alice(1), 'not during peak');
    assert.throws(() => confirmCommand(task, 'r1', alice(2)), IllegalTransitionError);
    assert.equal(task.steps[1].status, 'pending');
    assert.throws(() => requestCommand(task, 's3', 'r2', alice(2)), /has no command/);
  });

  it('will not skip a step whose command run is still open', () => {
    const task = newTask();
    requestCommand(task, 's2', 'r1', alice(1));
    assert.throws(() => moveStep(task, 's2', 'skipped', alice(1)), /still requested/);
  });

  it('resolves, refuses edits while resolved, and reopens with checks re-armed', () => {
    const task = newTask();
    moveStep(task, 's1', 'running', alice(1));
    assert.throws(() => moveTask(task, 'resolved', alice(2)), /still running/);
    moveStep(task, 's1', 'done', alice(2));
    setCheckStatus(task, 'c1', 'passing', { who: 'detector', at: t0 + 3 * 60000 }, 'error rate 1% vs baseline 1.2%');
    moveTask(task, 'resolved', alice(4));
    assert.equal(task.resolvedAt, t0 + 4 * 60000);
    assert.throws(() => moveStep(task, 's2', 'running', alice(5)), /reopen the task/);
    assert.throws(() => moveTask(task, 'abandoned', alice(5)), IllegalTransitionError);
    moveTask(task, 'inProgress', alice(6), 'errors are back');
    assert.equal(task.status, 'inProgress');
    assert.equal(task.resolvedAt, undefined);
    assert.equal(task.checks[0].status, 'pending');
    assert.equal(task.checks[0].armedAt, t0 + 6 * 60000);
  });

  it('records check changes once and notes with their step', () => {
    const task = newTask();
    assert.equal(setCheckStatus(task, 'c1', 'failing', alice(1)), true);
    assert.equal(setCheckStatus(task, 'c1', 'failing', alice(2)), false);
    addNote(task, 'paged the DBA', alice(3), 's1');
    assert.deepEqual(task.history.slice(1).map((h) => [h.kind, h.stepId ?? h.checkId]), [['checkStatus', 'c1'], ['note', 's1']]);
    assert.throws(() => addNote(task, 'x', alice(3), 's9'), TaskNotFoundError);
  });
});
