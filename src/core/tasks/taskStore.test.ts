import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../test/fakes/fakeClock';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { sampleAnomaly, sampleClassification, samplePlan } from '../../test/fakes/samplePlan';
import { IllegalTransitionError } from './incidentTask';
import { TaskStore } from './taskStore';

describe('TaskStore', () => {
  let dir: string;
  let file: string;
  let clock: FakeClock;
  let logger: MemoryLogger;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-tasks-'));
    file = path.join(dir, 'tasks.json');
    clock = new FakeClock();
    logger = new MemoryLogger();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function openStore(): Promise<TaskStore> {
    let n = 0;
    return TaskStore.open({ file, clock, logger, newId: (prefix) => `${prefix}${++n}-${clock.now()}` });
  }

  it('persists a task and its history across a reopen', async () => {
    const store = await openStore();
    assert.deepEqual(store.loadStatus, { kind: 'missing' });
    const task = await store.create({ plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly()] }, 'alice');
    clock.advance(60000);
    const run = await store.requestCommand(task.id, 's1', 'alice');
    await store.confirmCommand(task.id, run.id, 'alice');
    await store.markCommandRan(task.id, run.id, 'alice', 'Ops');
    clock.advance(60000);
    await store.recordCommandOutcome(task.id, run.id, 'succeeded', 'alice', { exitCode: 0 });
    await store.addNote(task.id, 'two idle sessions found', 'alice', 's1');

    const reopened = await openStore();
    assert.deepEqual(reopened.loadStatus, { kind: 'ok' });
    const loaded = reopened.get(task.id)!;
    assert.equal(loaded.steps[0].status, 'done');
    assert.equal(loaded.steps[0].commandRuns[0].outcome, 'succeeded');
    assert.deepEqual(
      loaded.history.map((h) => h.kind),
      ['created', 'commandRequested', 'commandConfirmed', 'commandRan', 'stepStatus', 'taskStatus', 'commandOutcome', 'stepStatus', 'note'],
    );
  });

  it('keeps the stored task unchanged when a move is illegal', async () => {
    const store = await openStore();
    const task = await store.create({ plan: samplePlan() }, 'alice');
    await assert.rejects(store.moveStep(task.id, 's1', 'failed', 'alice'), IllegalTransitionError);
    assert.deepEqual(store.get(task.id), task);
    const copy = store.get(task.id)!;
    copy.steps[0].status = 'done';
    assert.equal(store.get(task.id)!.steps[0].status, 'pending');
  });

  it('never loses an update when many are made at once', async () => {
    const store = await openStore();
    const tasks = await Promise.all(Array.from({ length: 10 }, (_, i) => store.create({ plan: samplePlan(), title: `incident ${i}` }, 'alice')));
    await Promise.all(tasks.flatMap((t) => [store.addNote(t.id, 'a', 'alice'), store.moveStep(t.id, 's3', 'done', 'bob'), store.addNote(t.id, 'b', 'alice')]));
    const reopened = await openStore();
    assert.equal(reopened.size, 10);
    for (const t of tasks) {
      const loaded = reopened.get(t.id)!;
      assert.equal(loaded.steps[2].status, 'done');
      assert.equal(loaded.history.filter((h) => h.kind === 'note').length, 2);
    }
  });

  it('moves a corrupt store aside, reports it and keeps working', async () => {
    await fs.writeFile(file, '{"version":1,"tasks":[{"id":"t1"');
    const store = await openStore();
    assert.equal(store.loadStatus.kind, 'recovered');
    const movedTo = store.loadStatus.kind === 'recovered' ? store.loadStatus.movedTo : '';
    assert.match(path.basename(movedTo), /^tasks\.json\.corrupt-2026-01-15T10-00-00-000Z$/);
    assert.equal(await fs.readFile(movedTo, 'utf8'), '{"version":1,"tasks":[{"id":"t1"');
    assert.equal(logger.messages('warn').length, 1);
    await store.create({ plan: samplePlan() }, 'alice');
    assert.equal((await openStore()).size, 1);
  });

  it('filters by status, category, file and date range, newest first', async () => {
    const store = await openStore();
    const a = await store.create({ plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly()] }, 'alice');
    clock.advance(3600000);
    const b = await store.create(
      { plan: samplePlan(), classification: sampleClassification({ category: 'Network' }), anomalies: [sampleAnomaly({ file: '/srv/nginx/error.log' })] },
      'alice',
    );
    clock.advance(3600000);
    const c = await store.create({ plan: samplePlan(), classification: sampleClassification(), file: 'db.log' }, 'alice');
    await store.moveStep(c.id, 's3', 'done', 'alice');
    await store.resolve(c.id, 'alice');

    assert.deepEqual(store.list().map((t) => t.id), [c.id, b.id, a.id]);
    assert.deepEqual(store.list({ status: 'resolved' }).map((t) => t.id), [c.id]);
    assert.deepEqual(store.list({ status: ['open', 'inProgress'] }).map((t) => t.id), [b.id, a.id]);
    assert.deepEqual(store.list({ category: 'Network' }).map((t) => t.id), [b.id]);
    assert.deepEqual(store.list({ file: 'error.log' }).map((t) => t.id), [b.id]);
    assert.deepEqual(store.list({ from: a.createdAt + 1, to: b.createdAt }).map((t) => t.id), [b.id]);
    const summary = store.list({ status: 'resolved' })[0];
    assert.equal(summary.steps.done, 1);
    assert.equal(summary.steps.total, 3);
  });

  it('reopens a resolved task and records it', async () => {
    const store = await openStore();
    const task = await store.create({ plan: samplePlan() }, 'alice');
    await store.resolve(task.id, 'alice', 'fixed');
    const reopened = await store.reopen(task.id, 'bob', 'it is back');
    assert.equal(reopened.status, 'inProgress');
    assert.deepEqual(reopened.history.at(-1), { at: clock.now(), kind: 'taskStatus', who: 'bob', from: 'resolved', to: 'inProgress', text: 'it is back' });
  });

  it('evaluates live checks from detector state and saves only real changes', async () => {
    const store = await openStore();
    const task = await store.create({ plan: samplePlan(), anomalies: [sampleAnomaly()] }, 'alice');
    const changed: string[] = [];
    store.onDidChange((id) => changed.push(id));
    const files = new Map([['logs/app.log', { errorRate: 0.3, baselineErrorRate: 0.01 }]]);
    const first = await store.evaluateChecks({ now: clock.now(), activeAnomalies: [sampleAnomaly()], files });
    assert.deepEqual(first.map((c) => [c.checkId, c.status]), [['c1', 'failing'], ['c2', 'failing'], ['c3', 'failing']]);
    const again = await store.evaluateChecks({ now: clock.now(), activeAnomalies: [sampleAnomaly()], files });
    assert.deepEqual(again, []);
    clock.advance(20 * 60000);
    const healed = await store.evaluateChecks({ now: clock.now(), activeAnomalies: [], files: new Map([['logs/app.log', { errorRate: 0.005, baselineErrorRate: 0.01 }]]) });
    assert.deepEqual(healed.map((c) => c.status), ['passing', 'passing', 'passing']);
    assert.deepEqual(changed, [task.id, task.id]);
    const stored = (await openStore()).get(task.id)!;
    assert.deepEqual(stored.checks.map((c) => c.status), ['passing', 'passing', 'passing', 'pending']);
  });
});
