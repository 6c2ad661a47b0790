/**
 * A hash map from uint32 keys to int32 values in two typed arrays (open
 * addressing, linear probing). The search index looks up one bigram per
 * character of the corpus, tens of millions of times; a JS Map is several
 * times slower at that and far larger.
 */
const EMPTY = 0xffffffff;

export class Uint32IntMap {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  /** 32 − log2(capacity): the hash's top bits pick the slot. */
  private shift: number;
  size = 0;

  constructor(capacityPowerOfTwo = 1 << 16) {
    this.keys = new Uint32Array(capacityPowerOfTwo).fill(EMPTY);
    this.values = new Int32Array(capacityPowerOfTwo);
    this.mask = capacityPowerOfTwo - 1;
    this.shift = 32 - Math.log2(capacityPowerOfTwo);
  }

  private slot(key: number): number {
    // Fibonacci hashing: the slot comes from the product's top bits, which
    // depend on every bit of the key. (Its low bits depend only on the key's
    // low bits, i.e. a bigram's second character: every bigram ending in 的
    // then probed one long run of slots.)
    let i = this.shift === 32 ? 0 : Math.imul(key, 0x9e3779b1) >>> this.shift;
    const keys = this.keys;
    while (keys[i] !== EMPTY && keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  /** The value for key, or -1. */
  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === EMPTY ? -1 : this.values[i];
  }

  set(key: number, value: number): void {
    if (key === EMPTY) throw new RangeError('key 0xffffffff is reserved');
    let i = this.slot(key);
    if (this.keys[i] === EMPTY) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        i = this.slot(key);
      }
      this.keys[i] = key;
      this.size++;
    }
    this.values[i] = value;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Uint32Array(oldKeys.length * 2).fill(EMPTY);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.shift = 32 - Math.log2(this.keys.length);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) {
        const j = this.slot(oldKeys[i]);
        this.keys[j] = oldKeys[i];
        this.values[j] = oldValues[i];
      }
    }
  }
}
