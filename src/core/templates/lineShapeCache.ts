/**
 * The miner's cache of line shapes: lines that differ only in digit values (same length, digits at the same positions)
 * mask to the same tokens, so the work done for one of them serves them all.
 *
 * What it holds is defined by a table keyed by hash: at most one entry per 32-bit hash of the line with every digit
 * read as `0` (`digitShapeHash`); a line whose hash is taken by another shape replaces it, and the whole cache is
 * dropped when it reaches `capacity`. Which lines hit therefore depends on that hash, and a hit can decide which
 * template a line joins (bestMatch might prefer another), so this is kept exactly as the first version had it.
 *
 * Finding a line's entry does not use that hash: a look-up copies the line's UTF-16 code units into a scratch buffer
 * with one native call, folds digits to `0` two units at a time, and compares 32-bit words with the entry's folded
 * sample. Reading a sliced string with `charCodeAt` costs about three times a typed-array load, and the old look-up
 * read each character three times (hash, then both strings to compare). The slots are only an index over the hash
 * table's entries: an entry of the line's shape is in the table under the line's hash, and every entry of the table is
 * in the slots, so both find the same entry or none.
 */

/** A cached shape and what the miner stored with it. */
export interface ShapeEntry<T> {
  readonly value: T;
  /**
   * The sample line's code units with digits folded to `0`, two per 32-bit word (the last one padded with 0). A plain
   * array: a Uint32Array of more than 64 bytes lives outside the heap and costs several times more to make and collect.
   */
  readonly folded: number[];
  readonly length: number;
  readonly slot: number;
  next: ShapeEntry<T> | undefined;
}

/** Lines longer than this are neither looked up nor stored. */
export const maxShapeLength = 1024;

/** Slots of the index: a power of two, twice the default capacity so chains stay short. */
const slotBits = 14;
const slotMask = (1 << slotBits) - 1;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Code unit (as a Uint16Array over UTF-16LE bytes reads it) → the same with ASCII digits folded to `0`. Indexed by the
 * unit as read, so a big-endian host, which reads the bytes swapped, folds the same characters.
 */
let foldTable: Uint16Array | undefined;

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    const folded = c >= 48 && c <= 57 ? 48 : c;
    table[littleEndian ? c : swapBytes(c)] = littleEndian ? folded : swapBytes(folded);
  }
  return table;
}

function swapBytes(unit: number): number {
  return ((unit & 0xff) << 8) | (unit >>> 8);
}

interface RawUtf16Writer {
  ucs2Write(text: string, offset: number): number;
}

export class LineShapeCache<T> {
  /**
   * The entries by digitShapeHash, as an open-addressing table (no removals but clearing, so no tombstones): those
   * hashes were heap numbers half the time as a Map's keys.
   */
  private readonly hashKeys: Int32Array;
  private readonly hashEntries: (ShapeEntry<T> | undefined)[];
  private readonly hashMask: number;
  private count = 0;
  /** The line the scratch holds, folded, and its slot. */
  private foldedLine: string | undefined;
  private foldedSlot = 0;
  private readonly slots: (ShapeEntry<T> | undefined)[] = new Array<ShapeEntry<T> | undefined>(1 << slotBits).fill(undefined);
  /** Scratch: the line being looked up, as UTF-16LE bytes, then folded in place (room for one pad unit). */
  private readonly units = new Uint16Array(maxShapeLength + 2);
  private readonly words = new Uint32Array(this.units.buffer);
  private readonly bytes = Buffer.from(this.units.buffer);
  /**
   * The same buffer when it has Node's `ucs2Write` (what `write(s, 0, 'utf16le')` ends in, without its argument
   * handling: a fifth of a look-up's time on 65-char lines).
   */
  private readonly rawWrite: RawUtf16Writer | undefined;
  private readonly fold: Uint16Array;

  constructor(private readonly capacity: number) {
    let tableSize = 16;
    while (tableSize < 2 * capacity) tableSize *= 2;
    this.hashKeys = new Int32Array(tableSize);
    this.hashEntries = new Array<ShapeEntry<T> | undefined>(tableSize).fill(undefined);
    this.hashMask = tableSize - 1;
    foldTable ??= buildFoldTable();
    this.fold = foldTable;
    const raw = this.bytes as unknown as Partial<RawUtf16Writer>;
    this.rawWrite = typeof raw.ucs2Write === 'function' ? (raw as RawUtf16Writer) : undefined;
  }

  /** The entry of the line's digit shape, or undefined. The line must be at most `maxShapeLength` long. */
  find(line: string): ShapeEntry<T> | undefined {
    const length = line.length;
    const slot = this.foldLine(line);
    const words = this.words;
    const count = (length + 1) >> 1;
    for (let entry = this.slots[slot]; entry !== undefined; entry = entry.next) {
      if (entry.length !== length) continue;
      const folded = entry.folded;
      let i = 0;
      while (i < count && folded[i] === words[i]) i++;
      if (i === count) return entry;
    }
    return undefined;
  }

  /** Stores the line's shape with its value, replacing the entry of the same hash (dropping everything when full). */
  set(line: string, value: T): void {
    // The miner stores right after a look-up of the same line missed: the scratch still holds it, folded.
    const slot = line === this.foldedLine ? this.foldedSlot : this.foldLine(line);
    const hash = littleEndian ? this.foldedHash(line.length) : digitShapeHash(line);
    if (this.count >= this.capacity) this.clear();
    const at = this.hashSlot(hash);
    const previous = this.hashEntries[at];
    if (previous !== undefined) this.unlink(previous);
    else this.count++;
    const entry: ShapeEntry<T> = { value, folded: this.copyWords((line.length + 1) >> 1), length: line.length, slot, next: this.slots[slot] };
    this.slots[slot] = entry;
    this.hashKeys[at] = hash;
    this.hashEntries[at] = entry;
  }

  get size(): number {
    return this.count;
  }

  private copyWords(count: number): number[] {
    const out: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = this.words[i];
    return out;
  }

  /** Where the hash's entry is in the table, or the free place it would take. */
  private hashSlot(hash: number): number {
    const mask = this.hashMask;
    let at = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) & mask;
    while (this.hashEntries[at] !== undefined && this.hashKeys[at] !== hash) at = (at + 1) & mask;
    return at;
  }

  private clear(): void {
    this.count = 0;
    this.hashEntries.fill(undefined);
    this.slots.fill(undefined);
  }

  private unlink(entry: ShapeEntry<T>): void {
    if (this.slots[entry.slot] === entry) {
      this.slots[entry.slot] = entry.next;
      return;
    }
    for (let e = this.slots[entry.slot]; e !== undefined; e = e.next) {
      if (e.next === entry) {
        e.next = entry.next;
        return;
      }
    }
  }

  /** digitShapeHash of the line in the scratch, from its folded code units (as a little-endian host reads them). */
  private foldedHash(length: number): number {
    const units = this.units;
    let h = 0x811c9dc5 ^ length;
    for (let i = 0; i < length; i++) h = Math.imul(h ^ units[i], 0x01000193);
    return h;
  }

  /** Copies the line into the scratch words with digits folded; returns its slot (a hash of the folded words). */
  private foldLine(line: string): number {
    const length = line.length;
    this.foldedLine = line;
    if (this.rawWrite !== undefined) this.rawWrite.ucs2Write(line, 0);
    else this.bytes.write(line, 0, 'utf16le');
    this.units[length] = 0;
    const words = this.words;
    const fold = this.fold;
    const count = (length + 1) >> 1;
    let h = 0x811c9dc5 ^ length;
    for (let i = 0; i < count; i++) {
      const w = words[i];
      const folded = (fold[w & 0xffff] | (fold[w >>> 16] << 16)) >>> 0;
      words[i] = folded;
      h = Math.imul(h ^ folded, 0x01000193);
    }
    this.foldedSlot = (h ^ (h >>> slotBits)) & slotMask;
    return this.foldedSlot;
  }
}

/** 32-bit FNV-1a of the text with every ASCII digit read as `0`: the key of the hash table. */
export function digitShapeHash(text: string): number {
  let h = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c >= 48 && c <= 57 ? 48 : c), 0x01000193);
  }
  return h;
}
