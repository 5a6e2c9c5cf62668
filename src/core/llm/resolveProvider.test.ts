import assert from 'node:assert/strict';
import { resolveProvider } from './resolveProvider';

const probes = (endpoint: boolean | 'throw', editor: boolean) => {
  const calls: string[] = [];
  return {
    calls,
    endpointAnswers: async () => {
      calls.push('endpoint');
      if (endpoint === 'throw') throw new Error('ECONNREFUSED');
      return endpoint;
    },
    editorModelAvailable: async () => {
      calls.push('editor');
      return editor;
    },
  };
};

describe('resolveProvider', () => {
  it('auto prefers the endpoint and does not ask the editor when it answers', async () => {
    const p = probes(true, true);
    assert.deepEqual(await resolveProvider({ 'llm.provider': 'auto' }, p), { provider: 'openai-compatible', reason: 'auto: the configured endpoint answered' });
    assert.deepEqual(p.calls, ['endpoint']);
  });

  it("auto falls back to the editor's model, then offline, and says why", async () => {
    const editor = await resolveProvider({ 'llm.provider': 'auto' }, probes('throw', true));
    assert.equal(editor.provider, 'vscode-lm');
    assert.match(editor.reason, /did not answer/);
    const offline = await resolveProvider({ 'llm.provider': 'auto' }, probes(false, false));
    assert.equal(offline.provider, 'none');
    assert.match(offline.reason, /offline/);
  });

  it('explicit settings never switch to another provider', async () => {
    assert.equal((await resolveProvider({ 'llm.provider': 'openai-compatible' }, probes(false, true))).provider, 'none');
    assert.equal((await resolveProvider({ 'llm.provider': 'vscode-lm' }, probes(true, true))).provider, 'vscode-lm');
    const p = probes(true, true);
    assert.equal((await resolveProvider({ 'llm.provider': 'none' }, p)).provider, 'none');
    assert.deepEqual(p.calls, []);
  });
});
