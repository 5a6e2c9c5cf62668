/**
 * `npm run bench`: runs every benchmark suite in one process and prints its figures. Suites list themselves here.
 * Each suite is required only when it runs, so a suite's child process (the engine's memory figures) carries its own
 * dependencies, not every suite's (esbuild initialises a required module lazily, at the require).
 */
import type { BenchSuite } from './benchSuite';

const suites: ReadonlyArray<{ name: string; load: () => BenchSuite }> = [
  { name: 'engine', load: () => (require('./engineBench') as typeof import('./engineBench')).engineBench },
  { name: 'detection', load: () => (require('./detectionBench') as typeof import('./detectionBench')).detectionBench },
  { name: 'retrieval', load: () => (require('./retrievalBench') as typeof import('./retrievalBench')).retrievalBench },
  { name: 'copilot', load: () => (require('./copilotBench') as typeof import('./copilotBench')).copilotBench },
  { name: 'tasks', load: () => (require('./tasksBench') as typeof import('./tasksBench')).tasksBench },
  { name: 'feedback', load: () => (require('./feedbackBench') as typeof import('./feedbackBench')).feedbackBench },
  { name: 'safety', load: () => (require('./llmBench') as typeof import('./llmBench')).llmBench },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (only.length > 0 && !suites.some((suite) => only.includes(suite.name))) {
    throw new Error(`no suite named ${only.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
  }
  for (const entry of suites) {
    if (only.length > 0 && !only.includes(entry.name)) continue;
    const suite = entry.load();
    if (suite.name !== entry.name) throw new Error(`suite ${entry.name} names itself ${suite.name}`);
    console.log(`\n## ${suite.name}`);
    await suite.run();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
