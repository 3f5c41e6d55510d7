/** Characters of small deltas gathered before they are joined into one block. */
const BLOCK_CHARS = 1024;
/** Delta end offsets per page; pages are added as the answer grows. */
const PAGE = 1024;
/** Largest end offset a page of two-byte offsets holds (from the page's first delta). */
const UINT16_MAX = 0xffff;

/**
 * A streamed text's deltas held compactly (R13): their text joined into blocks of whole deltas and
 * each delta's end offset in a typed array — 2 bytes per delta besides its text (4 in a page of
 * 1,024 deltas longer than 65,535 characters), where a string per delta costs some 30 more — while
 * each delta can still be read back exactly (a resumed stream) or the text from any delta on (the
 * answer to store, the usage to estimate).
 */
export class DeltaText {
  /** Joined text of whole deltas; `blockFirst[b]` is the index of block `b`'s first delta. */
  private blocks: string[] = [];
  private blockFirst: number[] = [];
  /** The newest deltas, not joined yet; the first is delta `pendingFirst`. */
  private pending: string[] = [];
  private pendingFirst = 0;
  private pendingChars = 0;
  /** Per page, each delta's end offset from the page's first delta (`pageStart`). */
  private readonly ends: Array<Uint16Array | Uint32Array> = [];
  private readonly pageStart: number[] = [];
  private count = 0;
  private chars = 0;

  /** How many deltas it holds. */
  get size(): number {
    return this.count;
  }

  push(text: string): void {
    if (this.count % PAGE === 0) {
      this.ends.push(new Uint16Array(PAGE));
      this.pageStart.push(this.chars);
    }
    this.chars += text.length;
    const page = this.ends.length - 1;
    const end = this.chars - this.pageStart[page]!;
    // A page whose deltas outgrow two-byte offsets is widened once (a copy of 2 KB).
    if (end > UINT16_MAX && this.ends[page] instanceof Uint16Array)
      this.ends[page] = new Uint32Array(this.ends[page]);
    this.ends[page]![this.count % PAGE] = end;
    this.count += 1;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BLOCK_CHARS) this.seal();
  }

  /** Delta `index`'s text ('' outside the answer). */
  delta(index: number): string {
    if (index < 0 || index >= this.count) return '';
    if (index >= this.pendingFirst) return this.pending[index - this.pendingFirst]!;
    const block = this.blockOf(index);
    const base = this.start(this.blockFirst[block]!);
    return this.blocks[block]!.slice(this.start(index) - base, this.end(index) - base);
  }

  /**
   * The text of the deltas from `index` on. The blocks it spans are joined into one, which the
   * returned text shares, so reading the whole answer to store it does not hold it twice.
   */
  textFrom(index: number): string {
    if (index >= this.count) return '';
    this.seal();
    const block = this.blockOf(Math.max(0, index));
    if (this.blocks.length - block > 1) {
      const joined = this.blocks.slice(block).join('');
      this.blocks.splice(block, this.blocks.length - block, joined);
      this.blockFirst.splice(block + 1);
    }
    const base = this.start(this.blockFirst[block]!);
    return this.blocks[block]!.slice(this.start(Math.max(0, index)) - base);
  }

  /** Joins the pending deltas into a block. */
  private seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join(''));
    this.blockFirst.push(this.pendingFirst);
    this.pending = [];
    this.pendingFirst = this.count;
    this.pendingChars = 0;
  }

  /** The block holding sealed delta `index` (binary search over the blocks' first deltas). */
  private blockOf(index: number): number {
    let low = 0;
    let high = this.blockFirst.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.blockFirst[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private end(index: number): number {
    const page = Math.floor(index / PAGE);
    return this.pageStart[page]! + this.ends[page]![index % PAGE]!;
  }

  private start(index: number): number {
    return index === 0 ? 0 : this.end(index - 1);
  }
}
