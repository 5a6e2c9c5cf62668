/**
 * Child process for the crash test: saves an ever-growing counter with AtomicJsonFile as fast as it can and prints
 * each counter once its save has completed, until the parent kills it (SIGKILL, so no cleanup runs).
 */
import { z } from 'zod';
import { systemClock } from '../../core/clock';
import { nullLogger } from '../../core/logger';
import { AtomicJsonFile } from '../../core/storage/atomicJsonFile';

const schema = z.object({ counter: z.number(), payload: z.string() });

async function main(): Promise<void> {
  const file = process.argv[2];
  const store = new AtomicJsonFile({ file, schema, empty: () => ({ counter: 0, payload: '' }), clock: systemClock, logger: nullLogger, component: 'crash-test' });
  // Large enough that a kill usually lands inside a write.
  const payload = 'x'.repeat(256 * 1024);
  for (let counter = 1; ; counter++) {
    await store.save({ counter, payload: payload + counter });
    process.stdout.write(`${counter}\n`);
  }
}

void main();
