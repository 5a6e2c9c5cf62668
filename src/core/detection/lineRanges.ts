/**
 * The set of lines an anomaly covers, as sorted inclusive ranges appended in file order. Memory is bounded: past
 * `maxRanges` the newest range absorbs the gap to the next line, trading exactness for a fixed size.
 */
export class LineRanges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private total = 0;

  constructor(private readonly maxRanges = 20000) {}

  /** Adds lines first..last (inclusive). Lines must not go backwards; overlapping input is merged. */
  add(first: number, last = first): void {
    const n = this.starts.length;
    if (n > 0) {
      const end = this.ends[n - 1]!;
      if (first <= end + 1 || n >= this.maxRanges) {
        if (last > end) {
          this.total += last - Math.max(end, first - 1);
          this.ends[n - 1] = last;
        }
        return;
      }
    }
    this.starts.push(first);
    this.ends.push(last);
    this.total += last - first + 1;
  }

  get size(): number {
    return this.total;
  }

  get first(): number | undefined {
    return this.starts[0];
  }

  get last(): number | undefined {
    return this.ends[this.ends.length - 1];
  }

  has(line: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (line < this.starts[mid]!) hi = mid - 1;
      else if (line > this.ends[mid]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  ranges(): Array<[number, number]> {
    return this.starts.map((s, i) => [s, this.ends[i]!]);
  }
}
