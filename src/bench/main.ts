/** `npm run bench`: runs every benchmark suite in one process and prints its figures. Suites list themselves here. */
import type { BenchSuite } from './benchSuite';
import { tasksBench } from './tasksBench';
import { feedbackBench } from './feedbackBench';
import { copilotBench } from './copilotBench';
import { engineBench } from './engineBench';
import { retrievalBench } from './retrievalBench';
import { detectionBench } from './detectionBench';
import { llmBench } from './llmBench';

const suites: BenchSuite[] = [engineBench, detectionBench, retrievalBench, copilotBench, tasksBench, feedbackBench, llmBench];

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    console.log(`\n## ${suite.name}`);
    await suite.run();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
