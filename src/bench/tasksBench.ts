/**
 * Task store figures: write latency (one awaited change, temp+fsync+rename of the whole file) with 10 and with 1,000
 * tasks stored, beside a bare durable write of the same bytes; and history load time (open + list) of 1,000 tasks.
 */
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchSuite } from './benchSuite';
import { systemClock } from '../core/clock';
import { nullLogger } from '../core/logger';
import type { Anomaly } from '../core/detection/anomaly';
import type { RemediationPlan } from '../core/remediation/remediationPlan';
import { writeFileDurably } from '../core/storage/atomicJsonFile';
import { TaskStore } from '../core/tasks/taskStore';

const writes = 100;

function plan(i: number): RemediationPlan {
  return {
    summary: `Relieve the exhausted connection pool on orders-api-${i}, then find the leak.`,
    steps: Array.from({ length: 5 }, (_, s) => ({
      id: `s${s + 1}`,
      title: `Step ${s + 1} for incident ${i}`,
      detail: 'Check the pool metrics and the slow query log; restart only if connections are leaked.',
      command: s % 2 === 0 ? `kubectl -n shop rollout restart deploy/orders-api-${i}` : undefined,
      risk: s % 2 === 0 ? 'caution' : 'safe',
      riskReasons: s % 2 === 0 ? ['restarts a workload'] : [],
      verify: 'Pool wait time back under 10 ms.',
    })),
    estimatedTime: '20 min',
    risks: ['Restart drops in-flight requests'],
    successCriteria: ['Error rate back under baseline on app.log', 'No new pool timeouts for 15 minutes', 'Checkout works'],
    rollbackPlan: 'kubectl rollout undo deploy/orders-api',
    sources: [{ runbookId: 'db-connection-pool', file: 'runbooks/db-connection-pool.md', line: 12 }],
    source: 'offline',
  };
}

function anomaly(i: number): Anomaly {
  return {
    id: `an-${i}`,
    type: 'error_spike',
    severity: 'error',
    score: 9,
    title: `Error spike in app.log (${i})`,
    explanation: 'error rate 34% vs baseline 1.2% over 10:04–10:06',
    file: 'logs/app.log',
    firstLine: 120,
    lastLine: 180,
    evidence: Array.from({ length: 5 }, (_, l) => ({ line: 120 + l, text: `2026-01-15T10:04:0${l}Z ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms` })),
    window: { startLine: 120, endLine: 180 },
    templateIds: ['t1'],
    metrics: { errorRate: 0.34 },
  };
}

/** A store holding `count` tasks, each worked through a little (so history has the usual events). */
async function seed(file: string, count: number): Promise<TaskStore> {
  const store = await TaskStore.open({ file, clock: systemClock, logger: nullLogger });
  // Not awaited one by one: the store coalesces the queued writes, so seeding stays quick.
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    pending.push(
      store.create({ plan: plan(i), anomalies: [anomaly(i)] }, 'bench').then(async (task) => {
        await store.moveStep(task.id, 's2', 'running', 'bench');
        await store.moveStep(task.id, 's2', 'done', 'bench');
        await store.addNote(task.id, 'looked at the pool', 'bench');
        if (i % 3 === 0) await store.resolve(task.id, 'bench');
      }),
    );
  }
  await Promise.all(pending);
  await store.flush();
  return store;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Store writes and bare durable writes of the same bytes, interleaved so machine load hits both alike. */
async function timeWrites(store: TaskStore, taskId: string, file: string, rawFile: string): Promise<{ store: number[]; raw: number[] }> {
  const bytes = await fs.readFile(file, 'utf8');
  const storeTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < writes; i++) {
    let start = performance.now();
    await store.addNote(taskId, `note ${i}`, 'bench');
    storeTimes.push(performance.now() - start);
    start = performance.now();
    await writeFileDurably(rawFile, bytes);
    rawTimes.push(performance.now() - start);
  }
  return { store: storeTimes.sort((a, b) => a - b), raw: rawTimes.sort((a, b) => a - b) };
}

export const tasksBench: BenchSuite = {
  name: 'tasks',
  async run() {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-tasks-bench-'));
    try {
      const rows: string[] = [];
      for (const count of [10, 1000]) {
        const file = path.join(dir, `tasks-${count}.json`);
        const store = await seed(file, count);
        const target = store.list()[0].id;
        const { store: storeTimes, raw: rawTimes } = await timeWrites(store, target, file, path.join(dir, `raw-${count}.json`));
        const size = (await fs.stat(file)).size;
        rows.push(
          `| ${count} | ${(size / 1024).toFixed(0)} KiB | ${percentile(storeTimes, 50).toFixed(2)} | ${percentile(storeTimes, 95).toFixed(2)} | ` +
            `${percentile(rawTimes, 50).toFixed(2)} | ${percentile(rawTimes, 95).toFixed(2)} | ${(percentile(storeTimes, 50) / percentile(rawTimes, 50)).toFixed(2)}× |`,
        );
      }
      console.log(`Task store write latency (one awaited change = whole file temp+fsync+rename), ${writes} writes each, interleaved with bare writes; load average ${os.loadavg()[0].toFixed(1)}:\n`);
      console.log('| tasks stored | file | store p50 ms | store p95 ms | bare durable write p50 ms | p95 ms | store/bare p50 |');
      console.log('|---|---|---|---|---|---|---|');
      for (const row of rows) console.log(row);

      const file = path.join(dir, 'tasks-1000.json');
      const loads: number[] = [];
      let listed = 0;
      for (let i = 0; i < 7; i++) {
        const start = performance.now();
        const store = await TaskStore.open({ file, clock: systemClock, logger: nullLogger });
        listed = store.list({ status: ['open', 'inProgress', 'resolved', 'abandoned'] }).length;
        loads.push(performance.now() - start);
      }
      loads.sort((a, b) => a - b);
      const reopened = await TaskStore.open({ file, clock: systemClock, logger: nullLogger });
      const events = reopened.all().reduce((sum, t) => sum + t.history.length, 0);
      const size = (await fs.stat(file)).size / 1024 / 1024;
      console.log(
        `\nHistory load (read + parse + schema-validate + list) of ${listed} tasks, ${events} history events, ${size.toFixed(1)} MiB, 7 runs: ` +
          `p50 ${percentile(loads, 50).toFixed(1)} ms, max ${loads.at(-1)!.toFixed(1)} ms`,
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
