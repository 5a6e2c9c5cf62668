import assert from 'node:assert/strict';
import { chunkRunbook, parseMarkdownSections } from './runbookChunker';
import { parseRunbook } from './runbookParser';

function runbookFrom(body: string, frontMatter = '---\nid: t\ntitle: Test runbook\ncategory: Database\n---\n') {
  return parseRunbook(frontMatter + body, '/rb/t.md').runbook;
}

const paragraph = (word: string, sentences: number): string =>
  Array.from({ length: sentences }, (_, i) => `${word} sentence number ${i} explains one more detail of the procedure.`).join(' ');

describe('chunkRunbook', () => {
  it('makes one chunk per small section with its heading path and file line range', () => {
    const body = '# Test runbook\n\nIntro line.\n\n## Symptoms\n\nErrors everywhere.\n\n## Impact\n\nUsers wait.\n';
    const chunks = chunkRunbook(runbookFrom(body), { targetChars: 40 });
    const symptoms = chunks.find((c) => c.headingPath.at(-1) === 'Symptoms')!;
    assert.deepEqual(symptoms.headingPath, ['Test runbook', 'Symptoms']);
    assert.equal(symptoms.runbookId, 't');
    assert.equal(symptoms.title, 'Test runbook');
    assert.equal(symptoms.category, 'Database');
    assert.equal(symptoms.file, '/rb/t.md');
    // Front matter is 5 lines; "## Symptoms" is body line 5, so file line 10.
    assert.equal(symptoms.startLine, 10);
    assert.equal(symptoms.endLine, 12);
    assert.equal(symptoms.text, '## Symptoms\n\nErrors everywhere.');
  });

  it('keeps a whole short runbook in one chunk', () => {
    const chunks = chunkRunbook(runbookFrom('# T\n\n## A\n\nshort\n\n## B\n\nshort too\n'));
    assert.equal(chunks.length, 1);
    assert.deepEqual(chunks[0]!.headingPath, ['T']);
  });

  it('splits a long section into overlapping pieces near the target size', () => {
    const body = `# T\n\n## Diagnosis\n\n${paragraph('alpha', 12)}\n\n${paragraph('beta', 12)}\n\n${paragraph('gamma', 12)}\n`;
    const chunks = chunkRunbook(runbookFrom(body), { targetChars: 1000, overlapChars: 200 });
    const pieces = chunks.filter((c) => c.headingPath.at(-1) === 'Diagnosis');
    assert.ok(pieces.length >= 3, `expected several pieces, got ${pieces.length}`);
    for (const piece of pieces) assert.ok(piece.text.length <= 1300, `piece of ${piece.text.length} chars`);
    // Overlap: consecutive pieces share lines (line ranges intersect or touch with repeated text).
    for (let i = 1; i < pieces.length; i++) {
      assert.ok(pieces[i]!.startLine <= pieces[i - 1]!.endLine + 2, 'pieces are contiguous');
    }
  });

  it('never splits a fenced code block, even one longer than the target', () => {
    const longFence = '```sh\n' + Array.from({ length: 60 }, (_, i) => `echo step ${i} # with a comment`).join('\n') + '\n```';
    const body = `# T\n\n## Mitigation\n\n${paragraph('before', 10)}\n\n${longFence}\n\n${paragraph('after', 10)}\n`;
    const chunks = chunkRunbook(runbookFrom(body), { targetChars: 500, overlapChars: 100 });
    const holding = chunks.filter((c) => c.text.includes('echo step'));
    assert.ok(holding.length >= 1);
    for (const chunk of holding) {
      const opens = chunk.text.split('\n').filter((l) => l.startsWith('```')).length;
      assert.equal(opens % 2, 0, 'fences are balanced inside every chunk');
      assert.ok(chunk.text.includes('echo step 0') && chunk.text.includes('echo step 59'), 'the block is whole');
    }
  });

  it('ignores headings inside fenced code', () => {
    const lines = ['# Title', '```', '## not a heading', '```', '## Real'];
    const sections = parseMarkdownSections(lines);
    assert.deepEqual(
      sections.map((s) => s.heading),
      ['Title', 'Real'],
    );
    assert.equal(sections[0]!.endIndex, 5);
    assert.equal(sections[0]!.ownEndIndex, 4);
  });

  it('splits a long section by its subsections first, with nested heading paths', () => {
    const body = `# T\n\n## Diagnosis\n\nRead-only first.\n\n### Pool\n\n${paragraph('pool', 10)}\n\n### Locks\n\n${paragraph('locks', 10)}\n`;
    const chunks = chunkRunbook(runbookFrom(body), { targetChars: 800 });
    const paths = chunks.map((c) => c.headingPath.join(' > '));
    assert.ok(paths.includes('T > Diagnosis'));
    assert.ok(paths.includes('T > Diagnosis > Pool'));
    assert.ok(paths.includes('T > Diagnosis > Locks'));
    const locks = chunks.find((c) => c.headingPath.at(-1) === 'Locks')!;
    assert.ok(locks.text.startsWith('### Locks'));
  });

  it('skips sections that hold only a heading', () => {
    const chunks = chunkRunbook(runbookFrom(`# T\n\n## Empty\n\n## Full\n\n${paragraph('x', 30)}\n`), { targetChars: 300 });
    assert.ok(chunks.every((c) => c.headingPath.at(-1) !== 'Empty'));
  });
});
