/**
 * Cost of the safety layer on what the copilot sends and proposes: redaction of a context-sized payload and of a
 * whole log, each beside JSON.stringify of the same text (the cost of building the request body anyway), and the
 * command checker per command over the labelled set, beside a bare shell split of the same commands.
 */
import type { BenchSuite } from './benchSuite';
import { redact } from '../core/safety/redactor';
import { checkCommand } from '../core/safety/commandSafety';
import { splitShellCommands } from '../core/safety/shellSplit';
import labelled from '../test/fixtures/safety/commands.json';

function syntheticLog(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const second = String(i % 60).padStart(2, '0');
    if (i % 50 === 7) out.push(`2024-05-01T10:00:${second}Z level=error msg="auth failed" user=u${i} password=Hunter${i}x! token=ghp_${'a1B2'.repeat(9)} trace_id=4bf92f3577b34da6a3ce929d0e0e${String(i % 10000).padStart(4, '0')}`);
    else out.push(`2024-05-01T10:00:${second}Z level=info msg="request done" path=/api/v1/orders/${i} status=200 duration_ms=${i % 300} trace_id=4bf92f3577b34da6a3ce929d0e0e${String(i % 10000).padStart(4, '0')} host=web-${i % 8}`);
  }
  return out.join('\n');
}

function timeMs(runs: number, fn: () => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

const p = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))]!;

export const llmBench: BenchSuite = {
  name: 'safety',
  async run() {
    const context = syntheticLog(120); // ≈ 24 kB, the size of a 6000-token context
    const whole = syntheticLog(10_000);
    for (const [label, text, runs] of [
      ['context payload', context, 200],
      ['whole log', whole, 5],
    ] as const) {
      redact(text);
      const redaction = timeMs(runs, () => redact(text));
      const serialise = timeMs(runs, () => JSON.stringify({ messages: [{ role: 'user', content: text }] }));
      const kb = text.length / 1024;
      console.log(
        `redact ${label} (${kb.toFixed(0)} kB): p50 ${p(redaction, 50).toFixed(2)} ms, p95 ${p(redaction, 95).toFixed(2)} ms, ` +
          `${(kb / 1024 / (p(redaction, 50) / 1000)).toFixed(1)} MB/s; ${(p(redaction, 50) / Math.max(p(serialise, 50), 1e-6)).toFixed(0)}× JSON.stringify of the same text`,
      );
    }
    const commands = (labelled as { command: string }[]).map((c) => c.command);
    const check = timeMs(20, () => commands.forEach((c) => checkCommand(c)));
    const split = timeMs(20, () => commands.forEach((c) => splitShellCommands(c)));
    const perCommandUs = (p(check, 50) / commands.length) * 1000;
    console.log(
      `checkCommand over ${commands.length} commands: ${perCommandUs.toFixed(1)} µs per command (p95 of a full pass ${p(check, 95).toFixed(2)} ms); ` +
        `${(p(check, 50) / Math.max(p(split, 50), 1e-6)).toFixed(1)}× a bare shell split`,
    );
  },
};
