/** Characters of small deltas gathered before they are joined into one block. */
const BLOCK_CHARS = 1024;
/** Delta end offsets per page; pages are added as the answer grows, so none is ever copied. */
const PAGE = 1024;

/**
 * A streamed text's deltas held compactly (R13): their text joined into blocks of whole deltas and
 * each delta's end offset in a typed array — about 4 bytes per delta besides its text, where a
 * string per delta costs some 30 more — while each delta can still be read back exactly (a resumed
 * stream) or the text from any delta on (the answer to store, the usage to estimate).
 */
export class DeltaText {
  /** Joined text of whole deltas; `blockFirst[b]` is the index of block `b`'s first delta. */
  private blocks: string[] = [];
  private blockFirst: number[] = [];
  /** The newest deltas, not joined yet; the first is delta `pendingFirst`. */
  private pending: string[] = [];
  private pendingFirst = 0;
  private pendingChars = 0;
  private readonly ends: Uint32Array[] = [];
  private count = 0;
  private chars = 0;

  /** How many deltas it holds. */
  get size(): number {
    return this.count;
  }

  push(text: string): void {
    if (this.count % PAGE === 0) this.ends.push(new Uint32Array(PAGE));
    this.chars += text.length;
    this.ends[this.ends.length - 1]![this.count % PAGE] = this.chars;
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
    return this.ends[Math.floor(index / PAGE)]![index % PAGE]!;
  }

  private start(index: number): number {
    return index === 0 ? 0 : this.end(index - 1);
  }
}
