import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CliIo } from '../cliCommand';
import { UsageError } from '../cliCommand';
import { FeedbackStore, feedbackFor } from '../../core/feedback/feedbackStore';
import { TaskStore } from '../../core/tasks/taskStore';
import { FakeClock } from '../../test/fakes/fakeClock';
import { MemoryLogger } from '../../test/fakes/memoryLogger';
import { sampleAnomaly, sampleClassification, samplePlan } from '../../test/fakes/samplePlan';
import { feedbackCommand } from './feedback';
import { tasksCommand } from './tasks';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('ops-copilot tasks and feedback', () => {
  let dir: string;
  let taskId: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-cli-tasks-'));
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 10, 0, 0));
    const tasks = await TaskStore.open({ file: path.join(dir, '.ops-copilot/tasks.json'), clock, logger: new MemoryLogger() });
    const task = await tasks.create({ plan: samplePlan(), classification: sampleClassification(), anomalies: [sampleAnomaly()] }, 'alice');
    taskId = task.id;
    clock.advance(86_400_000);
    await tasks.create({ plan: samplePlan(), classification: sampleClassification({ category: 'Network' }), file: 'edge/nginx.log' }, 'bob');
    const feedback = await FeedbackStore.open({ file: path.join(dir, '.ops-copilot/feedback.json'), clock, logger: new MemoryLogger() });
    await feedback.add(feedbackFor({ classification: sampleClassification(), input: { text: 'pool exhausted, token=ghp_abcdefghijklmnopqrstuvwxyz0123456789' }, verdict: 'down', correctedCategory: 'Application' }));
    await feedback.add(feedbackFor({ classification: sampleClassification(), input: { text: 'too many clients' }, verdict: 'up' }));
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  async function run(command: typeof tasksCommand, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const io: CliIo = { stdout, stderr, isTty: false, env: {}, cwd: dir };
    const code = await command.run(args, io);
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('lists tasks newest first and filters by category, file and date', async () => {
    const all = await run(tasksCommand, ['list', '--format', 'json']);
    assert.equal(all.code, 0);
    assert.deepEqual(JSON.parse(all.stdout).map((t: { category: string }) => t.category), ['Network', 'Database']);
    const db = JSON.parse((await run(tasksCommand, ['list', '--format', 'json', '--category', 'database'])).stdout);
    assert.deepEqual(db.map((t: { id: string }) => t.id), [taskId]);
    assert.equal(JSON.parse((await run(tasksCommand, ['list', '--format', 'json', '--file', 'nginx.log'])).stdout).length, 1);
    assert.equal(JSON.parse((await run(tasksCommand, ['list', '--format', 'json', '--to', '2026-01-15'])).stdout).length, 1);
    assert.match((await run(tasksCommand, ['list'])).stdout, /open\s+Database\s+2026-01-15 10:00\s+steps 0\/3/);
  });

  it('exports a postmortem draft and rejects bad arguments', async () => {
    const out = await run(tasksCommand, ['export', taskId]);
    assert.match(out.stdout, /^# Postmortem \(draft\): Error spike in app\.log/);
    await assert.rejects(run(tasksCommand, ['export', 'nope']), UsageError);
    await assert.rejects(run(tasksCommand, ['list', '--status', 'sleeping']), /unknown status/);
    await assert.rejects(run(tasksCommand, ['list', '--from', 'yesterday']), /not a date/);
  });

  it('prints feedback agreement and exports redacted fine-tuning JSONL', async () => {
    const stats = await run(feedbackCommand, ['stats']);
    assert.match(stats.stdout, /Classifications: 1\/2 agreed \(50\.0%\)/);
    const exported = await run(feedbackCommand, ['export']);
    const lines = exported.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(!exported.stdout.includes('ghp_abcdefghijklmnopqrstuvwxyz0123456789'));
    assert.match(exported.stdout, /REDACTED/);
  });
});
