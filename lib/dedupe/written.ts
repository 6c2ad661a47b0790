/**
 * The clause hashes one ingest has written to the lookup table (DocumentHash), as a
 * Bloom filter: whether a hash may be there, or is surely not. While the table held
 * nothing when the run began, a hash the filter has not seen has no holder in it, and the
 * writer need not ask the table (store.ts, FingerprintStore.holders).
 *
 * Why: most clauses of new text are held by no other document. Into an empty database,
 * the writer's lookups of them were about 1 s of CPU of the 新闻联播 folder's ingest
 * (skipping them altogether, an experiment: 9.47 s against 9.96 s from outside, three
 * runs each).
 *
 * Blocked: each hash sets K_BITS bits within one 512-bit block (a cache line), so asking
 * costs one memory read per filter. The filters grow by adding a filter of twice the
 * capacity when the last is full (the number of hashes a run writes is not known ahead):
 * 10 to 20 bits a hash; of the hashes never added, 1–2.5 % are answered "may be there" (and
 * asked of the table, as before).
 */

/** Bits set per hash, all within its block. */
const K_BITS = 7;
/** 32-bit words per block: 512 bits. */
const BLOCK_WORDS = 16;
/** Blocks of the first filter (64 KB); each next one has twice as many. */
const FIRST_BLOCKS = 1 << 10;
/**
 * Bits per hash the first filter is sized for; each next one two more, so that the
 * filters' false answers, which add up, stay near 1 % however many there are.
 */
const BITS_PER_HASH = 10;

interface Filter {
  words: Uint32Array;
  blockMask: number;
  capacity: number;
  count: number;
}

export class WrittenHashes {
  private readonly filters: Filter[] = [];

  /** Hashes added (each time added). */
  get size(): number {
    let n = 0;
    for (const f of this.filters) n += f.count;
    return n;
  }

  add(hash: number): void {
    let f = this.filters[this.filters.length - 1];
    if (!f || f.count >= f.capacity) f = this.grow();
    const low = hash >>> 0;
    const block = blockOf(hash, low, f.blockMask);
    // Double hashing within the block: 9 bits a position; an odd step visits K_BITS distinct ones.
    const step = (low >>> 9) | 1;
    for (let i = 0, bit = low & 511; i < K_BITS; i++, bit = (bit + step) & 511) f.words[block + (bit >>> 5)] |= 1 << (bit & 31);
    f.count++;
  }

  /** False: surely never added. True: added, or (rarely) not. */
  mightHold(hash: number): boolean {
    const low = hash >>> 0;
    const step = (low >>> 9) | 1;
    for (const f of this.filters) {
      const block = blockOf(hash, low, f.blockMask);
      let all = true;
      for (let i = 0, bit = low & 511; i < K_BITS; i++, bit = (bit + step) & 511) {
        if ((f.words[block + (bit >>> 5)] & (1 << (bit & 31))) === 0) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  private grow(): Filter {
    const last = this.filters[this.filters.length - 1];
    const blocks = last ? (last.blockMask + 1) * 2 : FIRST_BLOCKS;
    const capacity = Math.floor((blocks * BLOCK_WORDS * 32) / (BITS_PER_HASH + 2 * this.filters.length));
    const f = { words: new Uint32Array(blocks * BLOCK_WORDS), blockMask: blocks - 1, capacity, count: 0 };
    this.filters.push(f);
    return f;
  }
}

/**
 * The first word of a hash's block: from the hash's upper bits (the 52-bit hashes are
 * uniform; the low 32 place the bits within the block), mixed with the low ones so that
 * filters of any size spread them.
 */
function blockOf(hash: number, low: number, blockMask: number): number {
  const high = Math.floor(hash / 0x100000000);
  return ((Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> 7) & blockMask) * BLOCK_WORDS;
}
