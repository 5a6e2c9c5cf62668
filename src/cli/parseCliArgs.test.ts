import assert from 'node:assert/strict';
import { UsageError } from './cliCommand';
import { chooseFormat, parseCliArgs } from './parseCliArgs';

describe('parseCliArgs', () => {
  it('parses options and positionals', () => {
    const { values, positionals } = parseCliArgs(['list', '--k', '3', '--quiet'], {
      allowPositionals: true,
      options: { k: { type: 'string' }, quiet: { type: 'boolean', default: false } },
    });
    assert.deepEqual({ ...values }, { k: '3', quiet: true });
    assert.deepEqual(positionals, ['list']);
  });

  it('turns unknown options, missing values and stray positionals into usage errors', () => {
    const options = { k: { type: 'string' } } as const;
    assert.throws(() => parseCliArgs(['--bogus'], { options }), (e: unknown) => e instanceof UsageError && /Unknown option '--bogus'/.test(e.message));
    assert.throws(() => parseCliArgs(['--k'], { options }), UsageError);
    assert.throws(() => parseCliArgs(['file.log'], { options }), UsageError);
  });
});

describe('chooseFormat', () => {
  it('defaults to the first format and rejects others, naming the allowed ones', () => {
    assert.equal(chooseFormat(undefined, ['markdown', 'json']), 'markdown');
    assert.equal(chooseFormat('json', ['text', 'json']), 'json');
    assert.throws(() => chooseFormat('xml', ['text', 'json']), { name: 'UsageError', message: "--format must be text or json (got 'xml')" });
  });
});
