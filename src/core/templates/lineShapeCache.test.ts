import { strict as assert } from 'node:assert';
import { LineShapeCache, digitShapeHash, maxShapeLength } from './lineShapeCache';

/** The cache as it was written first (a Map keyed by digitShapeHash, checked against the sample): the reference. */
class ReferenceCache<T> {
  private readonly map = new Map<number, { sample: string; value: T }>();
  constructor(private readonly capacity: number) {}
  find(line: string): T | undefined {
    const seen = this.map.get(digitShapeHash(line));
    return seen !== undefined && sameDigitShape(seen.sample, line) ? seen.value : undefined;
  }
  set(line: string, value: T): void {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(digitShapeHash(line), { sample: line, value });
  }
}

function sameDigitShape(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && !(x >= 48 && x <= 57 && y >= 48 && y <= 57)) return false;
  }
  return true;
}

/** Two strings with the same digitShapeHash and different digit shapes, found by brute force over short words. */
function hashCollision(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const word = `w${String(i).replace(/[0-9]/g, (d) => String.fromCharCode(97 + Number(d)))}`;
    const h = digitShapeHash(word);
    const other = seen.get(h);
    if (other !== undefined) return [other, word];
    seen.set(h, word);
  }
}

describe('LineShapeCache', () => {
  it('finds a line of the same digit shape, and only that', () => {
    const cache = new LineShapeCache<string>(16);
    cache.set('pid=4304 uid=15213 ok', 'a');
    assert.equal(cache.find('pid=9999 uid=00000 ok')?.value, 'a');
    assert.equal(cache.find('pid=4304 uid=15213 ok')?.value, 'a');
    assert.equal(cache.find('pid=4304 uid=1521x ok'), undefined, 'a digit where the sample has a letter');
    assert.equal(cache.find('pid=4304 uid=15213 ok '), undefined, 'longer');
    assert.equal(cache.find('pid=4304 uid=15213 o'), undefined, 'shorter (odd length: the pad unit must not match a char)');
    assert.equal(cache.find('pid=4304 uid=15213 oK'), undefined, 'last character differs');
    assert.equal(cache.find('Pid=4304 uid=15213 ok'), undefined, 'first character differs');
  });

  it('tells apart characters beyond ASCII, surrogate pairs and lone surrogates, and the empty line', () => {
    const cache = new LineShapeCache<number>(16);
    const lines = ['€ 12', '₤ 12', 'x 😀 1', 'x 😁 1', 'a \uD800 9', 'a \uDC00 9', 'a \u3000 9', 'a \u3001 9', '', '0', 'ä'];
    lines.forEach((line, i) => cache.set(line, i));
    lines.forEach((line, i) => assert.equal(cache.find(line)?.value, i, JSON.stringify(line)));
    assert.equal(cache.find('€ 99')?.value, 0);
    assert.equal(cache.find('x 😀 7')?.value, 2);
    assert.equal(cache.find('7')?.value, 9);
  });

  it('replaces the entry of the same hash, even of another shape, as a Map keyed by the hash did', () => {
    const [a, b] = hashCollision();
    assert.notEqual(a.length === b.length && sameDigitShape(a, b), true);
    const cache = new LineShapeCache<string>(16);
    cache.set(a, 'a');
    assert.equal(cache.find(a)?.value, 'a');
    assert.equal(cache.find(b), undefined);
    cache.set(b, 'b');
    assert.equal(cache.find(a), undefined, 'a was replaced');
    assert.equal(cache.find(b)?.value, 'b');
    assert.equal(cache.size, 1);
  });

  it('holds what the reference holds, dropping everything when full at the same moments', () => {
    const cache = new LineShapeCache<number>(8);
    const reference = new ReferenceCache<number>(8);
    let state = 7;
    const random = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const words = ['GET', 'POST', 'ok', 'fail', 'user', 'a1', 'b22', 'x'];
    for (let i = 0; i < 5000; i++) {
      const parts: string[] = [];
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k < n; k++) parts.push(random() < 0.5 ? words[Math.floor(random() * words.length)] : String(Math.floor(random() * 1000)));
      const line = parts.join(' ');
      const expected = reference.find(line);
      assert.equal(cache.find(line)?.value, expected, `${i}: ${line}`);
      if (expected === undefined || random() < 0.1) {
        cache.set(line, i);
        reference.set(line, i);
      }
      if (random() < 0.05) {
        // A store without a look-up of the same line just before it.
        const other = `${line} ${Math.floor(random() * 100)}`;
        cache.set(other, -i);
        reference.set(other, -i);
      }
    }
  });

  it('takes lines up to maxShapeLength', () => {
    const cache = new LineShapeCache<string>(4);
    const long = 'a1'.repeat(maxShapeLength / 2);
    cache.set(long, 'long');
    assert.equal(cache.find('a2'.repeat(maxShapeLength / 2))?.value, 'long');
  });
});
