import assert from 'node:assert/strict';
import { splitLabelled } from './labelledSplit';

describe('splitLabelled', () => {
  const rows = Array.from({ length: 41 }, (_, i) => ({ text: `incident ${i}`, category: 'Network' as const }));

  it('splits into disjoint halves within one row of each other that together hold every row', () => {
    const { tuning, heldOut } = splitLabelled(rows);
    assert.equal(tuning.length + heldOut.length, rows.length);
    assert.ok(Math.abs(tuning.length - heldOut.length) <= 1);
    assert.equal(new Set([...tuning, ...heldOut].map((r) => r.text)).size, rows.length);
  });

  it('does not depend on file order, and a different seed gives a different split', () => {
    const a = splitLabelled(rows);
    const b = splitLabelled([...rows].reverse());
    assert.deepEqual(a.heldOut.map((r) => r.text).sort(), b.heldOut.map((r) => r.text).sort());
    const c = splitLabelled(rows, 'another-seed');
    assert.notDeepEqual(a.heldOut.map((r) => r.text).sort(), c.heldOut.map((r) => r.text).sort());
  });
});
