import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter } from './lineReader';
import { LogParser } from './logParser';
import type { LogRecord } from './logRecord';
import { TemplateMiner } from '../templates/templateMiner';
import { maskVariables } from '../templates/variableMasker';
import { SeededRandom } from '../synthetic/seededRandom';

/** A seeded stream in [0, 1) (core's SeededRandom) so runs replay. */
function random(seed: number): () => number {
  const rng = new SeededRandom(seed);
  return () => rng.next();
}

const fixtures = join(__dirname, '..', '..', 'test', 'fixtures');
const realLines = ['templates', 'logs']
  .flatMap((sub) => readdirSync(join(fixtures, sub)).filter((f) => /\.(log|jsonl|logfmt)$/.test(f)).map((f) => join(fixtures, sub, f)))
  .flatMap((path) => readFileSync(path, 'utf8').split('\n'));

const specials = ['"', "'", '[', ']', '{', '}', '(', ')', '=', ':', '|', '\\', '/', '<', '>', '*', '\t', ' ', '\u0000', '\ufffd', 'é', '日', '0', '9', '.', '-', '#', '@', '%', ','];

function mutate(line: string, rnd: () => number): string {
  let out = line;
  const edits = 1 + Math.floor(rnd() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = rnd();
    if (kind < 0.4) out = out.slice(0, at) + specials[Math.floor(rnd() * specials.length)] + out.slice(at);
    else if (kind < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 8));
    else if (kind < 0.85) out = out.slice(0, at) + out.slice(at).repeat(2);
    else out = out.slice(0, at) + '"'.repeat(Math.floor(rnd() * 40)) + out.slice(at);
  }
  return out.slice(0, 4000);
}

describe('parser and miner fuzz', () => {
  it('never throw on mutated real lines and keep every line mapped', () => {
    const rnd = random(20261121);
    const parser = new LogParser({ referenceYear: 2026 });
    const miner = new TemplateMiner();
    let lines = 0;
    let covered = 0;
    for (let i = 0; i < 2500; i++) {
      const text = mutate(realLines[Math.floor(rnd() * realLines.length)], rnd);
      lines++;
      for (const record of parser.push({ line: lines, byteOffset: 0, text, truncated: false })) {
        covered += record.endLine - record.line + 1;
        miner.add(record.message, { line: record.line, timestamp: record.timestamp });
        assert.equal(typeof maskVariables(record.message), 'string');
      }
    }
    for (const record of parser.flush()) covered += record.endLine - record.line + 1;
    assert.equal(covered, lines);
    assert.ok(miner.templates().length > 0);
  });

  it('never throw on random bytes split at random points', () => {
    const rnd = random(7);
    const splitter = new LineSplitter(0, 1, 256);
    const parser = new LogParser();
    const miner = new TemplateMiner();
    let count = 0;
    const take = (text: string, line: number) => {
      for (const record of parser.push({ line, byteOffset: 0, text, truncated: false })) miner.add(record.message, { line: record.line });
    };
    for (let chunk = 0; chunk < 150; chunk++) {
      const bytes = Buffer.alloc(1 + Math.floor(rnd() * 700));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rnd() < 0.05 ? 10 : Math.floor(rnd() * 256);
      for (const line of splitter.push(bytes)) {
        assert.ok(Buffer.byteLength(line.text) <= 256 + 64);
        take(line.text, line.line);
        count++;
      }
    }
    for (const line of splitter.flush()) take(line.text, line.line);
    parser.flush();
    assert.ok(count > 40);
  });

  it('a torn line changes the parse of no other line: every single-line record is parsed as it is in the intact file', () => {
    const rnd = random(20261207);
    const files = ['templates', 'logs'].flatMap((sub) =>
      readdirSync(join(fixtures, sub)).filter((f) => /\.(log|jsonl|logfmt)$/.test(f)).map((f) => [f, readFileSync(join(fixtures, sub, f), 'utf8').split('\n').filter((l) => l.length > 0)] as const));
    const parse = (texts: readonly string[]): Map<number, LogRecord> => {
      const parser = new LogParser({ referenceYear: 2026 });
      const out = new Map<number, LogRecord>();
      texts.forEach((text, i) => {
        for (const record of parser.push({ line: i + 1, byteOffset: 0, text, truncated: false })) out.set(record.line, record);
      });
      for (const record of parser.flush()) out.set(record.line, record);
      return out;
    };
    const header = (r: LogRecord | undefined): string => (r ? JSON.stringify([r.timestamp, r.level, r.host, r.thread, r.component, r.message]) : 'none');
    const changed: string[] = [];
    for (const [name, lines] of files) {
      const intact = parse(lines);
      // Lines inside a multi-line record are left out: a frame torn before its file name (`(Foo.java:42)`) no longer
      // reads as a frame and ends the trace it was part of.
      const single = new Set([...intact.values()].filter((r) => r.endLine === r.line).map((r) => r.line));
      for (let trial = 0; trial < 40; trial++) {
        const i = Math.floor(rnd() * lines.length);
        const line = lines[i]!;
        const a = Math.floor(rnd() * line.length);
        const b = Math.floor(rnd() * line.length);
        const kind = trial % 3;
        const texts = lines.slice();
        texts[i] = kind === 0 ? line.slice(a) : kind === 1 ? line.slice(0, a) : line.slice(0, Math.min(a, b)) + line.slice(Math.max(a, b));
        const torn = parse(texts);
        for (const n of single) {
          if (Math.abs(n - 1 - i) <= 1) continue;
          if (header(torn.get(n)) !== header(intact.get(n))) changed.push(`${name}: tearing line ${i + 1} changed line ${n}`);
        }
      }
    }
    assert.deepEqual(changed.slice(0, 5), []);
  });
});
