/**
 * A `fetch` over node:https that trusts extra certificate authorities, for self-signed or corporate-CA endpoints.
 *
 * Why not the global fetch: Node 20's built-in fetch (bundled undici) takes no CA option, and the npm `undici` package
 * is not a dependency of ours. NODE_EXTRA_CA_CERTS needs no code: Node adds it to the default trust store at start-up,
 * which both the global fetch and this one use (`tls.rootCertificates` does not list it, so callers that set both
 * should pass that file's PEM here too).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { Readable } from 'node:stream';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** `caPem` holds one or more PEM certificates; they are trusted in addition to Node's bundled roots. */
export function createCaFetch(caPem: string): FetchFunction {
  if (!/-----BEGIN CERTIFICATE-----/.test(caPem)) {
    throw new Error('The CA file holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----").');
  }
  const agent = new https.Agent({ ca: [...tls.rootCertificates, caPem], keepAlive: true });
  return (input, init) => nodeFetch(input, init ?? {}, agent);
}

async function nodeFetch(input: string | URL | Request, init: RequestInit, agent: https.Agent): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const body = await bodyBytes(init.body);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const request = transport.request(
      url,
      { method, headers, agent: url.protocol === 'https:' ? agent : undefined, signal: init.signal ?? undefined },
      (res) => {
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode ?? 502;
        const noBody = method === 'HEAD' || status === 204 || status === 304;
        if (noBody) res.resume();
        resolve(
          new Response(noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      },
    );
    request.on('error', (error: Error) => {
      // Mirror the global fetch: aborts stay AbortErrors, everything else is "fetch failed" with the cause.
      reject(error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: error }));
    });
    if (body) request.write(body);
    request.end();
  });
}

async function bodyBytes(body: RequestInit['body']): Promise<Uint8Array | string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // FormData, streams, blobs: let the platform serialise them.
  return new Uint8Array(await new Response(body).arrayBuffer());
}
