import assert from 'node:assert/strict';
import { analyzeTerms, maskLogVariables } from './analyzeTerms';

describe('maskLogVariables', () => {
  it('removes timestamps, addresses, ids and long numbers but keeps short codes and units', () => {
    const masked = maskLogVariables(
      '2025-03-14T09:12:44.118Z 10.0.4.12:44718 req 123e4567-e89b-12d3-a456-426614174000 sha 3f2a9c1b7e took 1523ms rss 4194304kB exit 137 HTTP 503 port 5432',
    );
    for (const gone of ['2025', '09:12', '10.0.4.12', '123e4567', '3f2a9c1b7e', '1523', '4194304']) {
      assert.ok(!masked.includes(gone), `${gone} masked in: ${masked}`);
    }
    for (const kept of ['req', 'took', 'ms', 'rss', 'kB', 'exit 137', 'HTTP 503', '5432']) assert.ok(masked.includes(kept), `${kept} kept`);
  });

  it('drops scheme and host of URLs but keeps their path words', () => {
    assert.equal(maskLogVariables('GET https://api.stripe.com/v1/charges').trim().replace(/\s+/g, ' '), 'GET /v1/charges');
  });
});

describe('analyzeTerms', () => {
  it('lower-cases, stems and drops stop words', () => {
    assert.deepEqual(analyzeTerms('The connections were evicted'), ['connect', 'evict']);
  });

  it('keeps a camelCase token whole and adds its parts', () => {
    assert.deepEqual(analyzeTerms('CrashLoopBackOff'), ['crashloopbackoff', 'crash', 'loop', 'back']);
    assert.deepEqual(analyzeTerms('OOMKilled').slice(1), ['oom', 'kill']);
  });

  it('splits snake_case, dotted and hyphenated names and keeps non-ASCII words', () => {
    assert.deepEqual(analyzeTerms('max_connections java.lang.OutOfMemoryError Müller-café').slice(0, 3), ['max', 'connect', 'java']);
    assert.ok(analyzeTerms('Müller-café').includes('müller'));
  });

  it('returns nothing for text made only of variables', () => {
    assert.deepEqual(analyzeTerms('2025-01-01T00:00:00Z 10.0.0.1 99999 0xdeadbeef'), []);
  });
});
