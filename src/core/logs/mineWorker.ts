/** Worker-thread entry of parallelMine.ts: mines each segment it is sent and answers with the result. */
import { parentPort } from 'node:worker_threads';
import { mineSegment, SegmentTask } from './parallelMine';

parentPort?.on('message', (task: SegmentTask) => {
  mineSegment(task).then(
    (result) => parentPort!.postMessage({ result }, [result.recordEndLines.buffer as ArrayBuffer, result.recordTemplates.buffer as ArrayBuffer]),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
