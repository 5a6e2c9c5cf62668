import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createCliChatModel, readLlmOptions } from './llmOptions';
import { llmCheckCommand } from './commands/llmCheck';
import { startFakeOpenAiServer } from '../test/fakes/fakeOpenAiServer';

describe('llmOptions', () => {
  it('reads the environment, lets flags win and maps openai to openai-compatible', () => {
    const env = { OPS_LLM_BASE_URL: 'http://gpu:8000/v1', OPS_LLM_MODEL: 'qwen', OPS_LLM_API_KEY: 'k' };
    assert.deepEqual(readLlmOptions({}, env), {
      provider: 'auto',
      baseUrl: 'http://gpu:8000/v1',
      model: 'qwen',
      apiKey: 'k',
      timeoutMs: 60_000,
      maxRetries: 2,
      caFile: undefined,
    });
    const flagged = readLlmOptions({ llm: 'openai', model: 'llama3.1', 'timeout-seconds': '5' }, env);
    assert.equal(flagged.provider, 'openai-compatible');
    assert.equal(flagged.model, 'llama3.1');
    assert.equal(flagged.timeoutMs, 5000);
    assert.throws(() => readLlmOptions({ llm: 'gpt' }, {}), /--llm must be/);
    assert.throws(() => readLlmOptions({ 'timeout-seconds': '0' }, {}), /positive/);
    assert.equal(createCliChatModel(readLlmOptions({ llm: 'none' }, {}), {}, '.'), undefined);
  });

  it('reports a missing CA file as a usage error', () => {
    assert.throws(() => createCliChatModel(readLlmOptions({ 'ca-file': 'nope.pem' }, {}), {}, '/tmp'), /cannot read CA file/);
  });

  it('llm-check reports models, latency and JSON mode of a live endpoint, trusting its CA file', async () => {
    const tls = path.join(__dirname, '../test/fixtures/tls');
    const cert = readFileSync(path.join(tls, 'selfSigned.cert.pem'), 'utf8');
    const server = await startFakeOpenAiServer({
      tls: { cert, key: readFileSync(path.join(tls, 'selfSigned.key.pem'), 'utf8') },
      models: ['llama3.1'],
      reply: (request) => ({ content: request.body.response_format ? '{"ok": true}' : 'pong' }),
    });
    try {
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (d: Buffer) => (out += d.toString()));
      const io = { stdout, stderr: new PassThrough(), isTty: false, env: {}, cwd: tls };
      const code = await llmCheckCommand.run(['--base-url', server.url, '--ca-file', 'selfSigned.cert.pem', '--format', 'json'], io);
      assert.equal(code, 0);
      const report = JSON.parse(out);
      assert.equal(report.ok, true);
      assert.deepEqual(report.models, ['llama3.1']);
      assert.equal(report.jsonMode, 'json_schema');
    } finally {
      await server.close();
    }
  });
});
