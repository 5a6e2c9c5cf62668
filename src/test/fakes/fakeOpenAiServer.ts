/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI wire protocol, scripted per test: GET /v1/models,
 * POST /v1/chat/completions (JSON or SSE), POST /v1/embeddings. Every request is recorded for assertions.
 *
 *   const server = await startFakeOpenAiServer({ reply: { content: 'hi' } });
 *   server.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { content: 'ok' });
 *   ... new OpenAiCompatibleChatModel({ baseUrl: server.url, model: 'fake' }) ...
 *   await server.close();
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeReply {
  /** HTTP status; non-2xx statuses send an OpenAI-style error body. Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** The assistant's text. */
  content?: string;
  /** Shorthand: content = JSON.stringify(json). */
  json?: unknown;
  /** Sent verbatim as the response body instead of a completion (e.g. invalid JSON). */
  rawBody?: string;
  /** Error message for non-2xx statuses. */
  errorMessage?: string;
  /** Wait before sending headers. */
  delayMs?: number;
  /** Streamed replies: characters per SSE chunk (default 4), pause between chunks. */
  chunkChars?: number;
  chunkDelayMs?: number;
  /** Streamed replies: destroy the socket after this many content chunks (a connection cut mid-way). */
  cutAfterChunks?: number;
  /** Streamed replies: end the response cleanly after this many chunks, without finish_reason or [DONE]. */
  endAfterChunks?: number;
  /** Destroy the socket without any response. */
  destroySocket?: boolean;
  finishReason?: string;
}

export type ResponseFormatType = 'json_schema' | 'json_object';

export interface FakeOpenAiServerOptions {
  /** Reply when the queue is empty: fixed, or computed from the request. Default: content "ok". */
  reply?: FakeReply | ((request: RecordedRequest) => FakeReply);
  models?: string[];
  /** response_format types accepted; others get a 400 naming response_format. Default both. */
  responseFormats?: ResponseFormatType[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  embeddingDimensions?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined for GET / unparseable bodies. */
  body: any;
}

export interface FakeOpenAiServer {
  /** Base URL including /v1, e.g. http://127.0.0.1:43123/v1 */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Chat requests only, in order. */
  chatRequests(): RecordedRequest[];
  /** Replies used (in order) before the default reply. */
  enqueue(...replies: FakeReply[]): void;
  setReply(reply: FakeReply | ((request: RecordedRequest) => FakeReply)): void;
  close(): Promise<void>;
}

export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let defaultReply = options.reply ?? { content: 'ok' };
  const models = options.models ?? ['fake-model', 'fake-embedder'];
  const formats = options.responseFormats ?? ['json_schema', 'json_object'];
  const sockets = new Set<Socket>();
  let completionCounter = 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, headers: req.headers, body };
      requests.push(recorded);
      void route(recorded, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'server_error' } });
        else res.destroy();
      });
    });
  };

  async function route(request: RecordedRequest, res: http.ServerResponse): Promise<void> {
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    if (request.method === 'GET' && request.path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    if (request.method === 'POST' && request.path === '/v1/embeddings') return sendEmbeddings(request, res);
    if (request.method === 'POST' && request.path === '/v1/chat/completions') return sendCompletion(request, res);
    sendJson(res, 404, { error: { message: `No route ${request.method} ${request.path}`, type: 'not_found' } });
  }

  async function sendCompletion(request: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const body = (request.body ?? {}) as { stream?: boolean; response_format?: { type?: string }; model?: string };
    const formatType = body.response_format?.type;
    if (formatType && formatType !== 'text' && !formats.includes(formatType as ResponseFormatType)) {
      return sendJson(res, 400, {
        error: { message: `response_format type '${formatType}' is not supported by this server`, type: 'invalid_request_error', param: 'response_format' },
      });
    }
    const reply = queue.shift() ?? (typeof defaultReply === 'function' ? defaultReply(request) : defaultReply);
    if (reply.delayMs) await delay(reply.delayMs);
    if (reply.destroySocket) return void res.socket?.destroy();
    const status = reply.status ?? 200;
    if (status >= 300) {
      return sendJson(res, status, { error: { message: reply.errorMessage ?? `fake error ${status}`, type: 'server_error' } }, reply.headers);
    }
    if (reply.rawBody !== undefined) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
      return void res.end(reply.rawBody);
    }
    const content = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.content ?? '');
    const id = `chatcmpl-fake-${++completionCounter}`;
    const model = body.model ?? models[0];
    const finishReason = reply.finishReason ?? 'stop';
    if (!body.stream) {
      return sendJson(
        res,
        status,
        {
          id,
          object: 'chat.completion',
          created: 0,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
          usage: { prompt_tokens: 10, completion_tokens: Math.ceil(content.length / 4), total_tokens: 10 + Math.ceil(content.length / 4) },
        },
        reply.headers,
      );
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
    const size = Math.max(1, reply.chunkChars ?? 4);
    const pieces: string[] = [];
    for (let i = 0; i < content.length; i += size) pieces.push(content.slice(i, i + size));
    const event = (delta: object, finish: string | null): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(event({ role: 'assistant', content: '' }, null));
    for (let i = 0; i < pieces.length; i++) {
      // Pause first so the chunks already written reach the client before a cut.
      if (reply.chunkDelayMs) await delay(reply.chunkDelayMs);
      if (reply.cutAfterChunks !== undefined && i >= reply.cutAfterChunks) return void res.socket?.destroy();
      if (reply.endAfterChunks !== undefined && i >= reply.endAfterChunks) return void res.end();
      if (res.destroyed) return;
      res.write(event({ content: pieces[i] }, null));
    }
    if (reply.cutAfterChunks !== undefined) return void res.socket?.destroy();
    if (reply.endAfterChunks !== undefined) return void res.end();
    res.write(event({}, finishReason));
    res.end('data: [DONE]\n\n');
  }

  function sendEmbeddings(request: RecordedRequest, res: http.ServerResponse): void {
    const body = (request.body ?? {}) as { input?: string | string[]; encoding_format?: string; model?: string; dimensions?: number };
    const inputs = body.input === undefined ? [] : Array.isArray(body.input) ? body.input : [body.input];
    const dimensions = body.dimensions ?? options.embeddingDimensions ?? 32;
    const data = inputs.map((input, index) => {
      const vector = fakeEmbedding(String(input), dimensions);
      const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    sendJson(res, 200, { object: 'list', data, model: body.model ?? models[0], usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } });
  }

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    enqueue: (...replies) => void queue.push(...replies),
    setReply: (reply) => {
      defaultReply = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Deterministic, L2-normalised bag-of-hashed-words vectors: texts sharing words get similar vectors, so retrieval
 * tests can assert a ranking without a real model.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    vector[(hash >>> 0) % dimensions]! += (hash & 0x100) === 0 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
