/**
 * The overhead our pipeline adds before the LLM call: from a workflow's call (classify, remediate, ask) to the first
 * byte of its request arriving at a local server that answers instantly. That covers provider selection, runbook
 * retrieval, the offline prior, context building, redaction and JSON-schema prompting, plus the HTTP client; a bare
 * `complete()` of a one-line message is measured beside it as the transport-only baseline. 120 requests per row,
 * after a warm-up that loads the runbooks.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchSuite } from './benchSuite';
import { Copilot } from '../core/copilot/copilot';
import { endpointProvider } from '../core/copilot/modelProvider';
import { retrievalFromLibrary } from '../core/copilot/runbookRetrieval';
import { OpenAiCompatibleChatModel } from '../core/llm/openAiCompatibleChatModel';
import { nullLogger } from '../core/logger';
import { RunbookLibrary } from '../core/runbooks/runbookLibrary';
import { checkCommand } from '../core/safety/commandSafety';
import { redact } from '../core/safety/redactor';
import { percentile } from '../core/incidents/classificationMetrics';
import { shippedRunbookDir } from '../cli/copilotRuntime';

const requests = 120;
const classification = { category: 'Database', subcategory: 'connection-pool', severity: 'high', priority: 'P2', confidence: 0.9, rationale: 'bench' };

interface InstantServer {
  url: string;
  /** performance.now() of the first byte of the latest request, reset by `arm()`. */
  firstByteAt(): number | undefined;
  arm(): void;
  close(): Promise<void>;
}

/** Answers every request at once; notes when the first byte of each request arrives on the socket. */
async function startInstantServer(): Promise<InstantServer> {
  let firstByte: number | undefined;
  const sockets = new Set<Socket>();
  const server = http.createServer();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.endsWith('/models')) return json(res, { object: 'list', data: [{ id: 'bench', object: 'model' }] });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { stream?: boolean };
      const content = JSON.stringify(classification);
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Check the pool [db-connection-pool-exhausted:40].' } }] })}\n\n`);
        res.write(`data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        return res.end('data: [DONE]\n\n');
      }
      json(res, { id: 'b', object: 'chat.completion', created: 0, model: 'bench', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', () => {
      if (firstByte === undefined) firstByte = performance.now();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    firstByteAt: () => firstByte,
    arm: () => (firstByte = undefined),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function incidentTexts(): string[] {
  const file = path.join(shippedRunbookDir() ?? '.', '../src/test/fixtures/incidents/incidents.jsonl');
  try {
    return readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
  } catch {
    return ['HikariPool-1 - Connection is not available, request timed out after 30000ms', 'Disk /var at 100%: No space left on device'];
  }
}

async function measure(server: InstantServer, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    server.arm();
    const started = performance.now();
    await run(i);
    const first = server.firstByteAt();
    if (first === undefined) throw new Error('the request never reached the server');
    samples.push(first - started);
  }
  return samples;
}

export const copilotBench: BenchSuite = {
  name: 'copilot',
  async run() {
    const server = await startInstantServer();
    try {
      const library = new RunbookLibrary({ sources: [{ dir: shippedRunbookDir()!, origin: 'shipped' }], log: nullLogger });
      const model = new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'bench', maxRetries: 0 });
      const copilot = new Copilot({
        mode: 'auto',
        endpoint: endpointProvider(model, async () => true, true),
        retrieval: retrievalFromLibrary(library),
        checkCommand,
        // Redaction always on: the worst case (a remote endpoint) is what the figure should cover.
        redact: (text) => redact(text).text,
        redactPolicy: 'always',
        contextTokens: 6000,
        logger: nullLogger,
      });
      const texts = incidentTexts();
      const coldStart = performance.now();
      server.arm();
      await copilot.classify({ text: texts[0]! });
      const cold = (server.firstByteAt() ?? performance.now()) - coldStart;

      const rows: [string, number[]][] = [
        ['bare complete() (transport only)', await measure(server, () => model.complete([{ role: 'user', content: 'ping' }]))],
        ['classify (retrieval + prior + prompt + redaction)', await measure(server, (i) => copilot.classify({ text: texts[i % texts.length]! }))],
        ['ask, streamed', await measure(server, (i) => copilot.ask('What should I check first?', { text: texts[i % texts.length]! }))],
        ['remediate (until its first LLM request)', await measure(server, (i) => copilot.remediate({ text: texts[i % texts.length]! }))],
      ];
      const base = percentile(rows[0]![1], 95);
      console.log(`cold first request (loads ${library.list().length} runbooks): ${cold.toFixed(1)} ms`);
      console.log(`${'request → first byte at the server'.padEnd(52)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p95 vs bare'.padStart(12)}   (n=${requests} each)`);
      for (const [name, samples] of rows) {
        const p95 = percentile(samples, 95);
        console.log(`${name.padEnd(52)} ${percentile(samples, 50).toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(8)} ${(p95 / base).toFixed(1).padStart(11)}×`);
      }
      const worst = Math.max(...rows.slice(1).map(([, s]) => percentile(s, 95)));
      console.log(
        `pipeline overhead before the LLM call, p95 of the worst workflow: ${worst.toFixed(1)} ms including transport, ` +
          `${(worst - base).toFixed(1)} ms above the bare request (target ≤ 150 ms)`,
      );
    } finally {
      await server.close();
    }
  },
};
