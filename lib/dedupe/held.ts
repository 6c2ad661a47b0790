/**
 * The fingerprints waiting for their batch (see store.ts), held compactly:
 * each document's hashes as one Float64Array, and an open-addressing table
 * from hash to the documents holding it (a chain of entries in typed arrays).
 * About 30 bytes a hash, against about 100 in a Map of arrays, so that a
 * batch can be large: a batch rewrites every page of the lookup table it
 * touches, and a small one touches nearly every page of a large table.
 */

/** No entry. */
const NONE = -1;

export class HeldHashes {
  private readonly docs = new Map<number, Float64Array>();
  /** Slot → hash (valid where it has a head). */
  private keys = new Float64Array(0);
  /** Slot → its first entry (NONE: an empty slot). */
  private heads = new Int32Array(0);
  /** Entry → its document and the next entry of the same hash. */
  private entryDoc = new Int32Array(1024);
  private entryNext = new Int32Array(1024);
  private entries = 0;
  private slotsUsed = 0;
  private count = 0;

  /** Hashes held, counted once per document holding each. */
  get size(): number {
    return this.count;
  }

  get documents(): number {
    return this.docs.size;
  }

  has(documentId: number): boolean {
    return this.docs.has(documentId);
  }

  /** A held document's hashes, as given. */
  hashesOf(documentId: number): number[] | undefined {
    const h = this.docs.get(documentId);
    return h ? Array.from(h) : undefined;
  }

  documentIds(): number[] {
    return [...this.docs.keys()];
  }

  /** Holds a document's hashes (distinct); a document held already is replaced. */
  add(documentId: number, hashes: number[]): void {
    if (this.docs.has(documentId)) this.remove(documentId);
    this.docs.set(documentId, Float64Array.from(hashes));
    this.count += hashes.length;
    this.index(documentId, hashes);
  }

  /** Lets a document go (its text replaced, or its transaction rolled back): rare, so the table is rebuilt. */
  remove(documentId: number): void {
    const hashes = this.docs.get(documentId);
    if (!hashes) return;
    this.docs.delete(documentId);
    this.count -= hashes.length;
    this.emptyTable();
    for (const [id, h] of this.docs) this.index(id, h);
  }

  clear(): void {
    this.docs.clear();
    this.count = 0;
    this.emptyTable();
    this.entryDoc = new Int32Array(1024);
    this.entryNext = new Int32Array(1024);
  }

  /** No slots and no entries (the entry arrays keep their size). */
  private emptyTable(): void {
    this.keys = new Float64Array(0);
    this.heads = new Int32Array(0);
    this.entries = 0;
    this.slotsUsed = 0;
  }

  /** The held documents holding `hash`, in the order they were added (undefined if none). */
  holders(hash: number): number[] | undefined {
    if (this.slotsUsed === 0) return undefined;
    const slot = this.find(hash);
    if (this.heads[slot] === NONE) return undefined;
    const out: number[] = [];
    for (let e = this.heads[slot]; e !== NONE; e = this.entryNext[e]) out.push(this.entryDoc[e]);
    return out.reverse();
  }

  /**
   * Every (hash, document) pair, ordered by hash then document (the order the
   * lookup table is written in), handed to `each` in slices of flat
   * [hash, document, …] values.
   */
  sortedPairs(each: (flat: number[]) => void, slice = 1 << 14): number {
    const hashes = new Float64Array(this.count);
    const documents = new Int32Array(this.count);
    let n = 0;
    for (const [id, h] of this.docs) {
      hashes.set(h, n);
      documents.fill(id, n, n + h.length);
      n += h.length;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => hashes[a] - hashes[b] || documents[a] - documents[b]);
    for (let i = 0; i < n; i += slice) {
      const end = Math.min(n, i + slice);
      const flat: number[] = new Array(2 * (end - i));
      for (let k = i; k < end; k++) {
        flat[2 * (k - i)] = hashes[order[k]];
        flat[2 * (k - i) + 1] = documents[order[k]];
      }
      each(flat);
    }
    return n;
  }

  private index(documentId: number, hashes: ArrayLike<number>): void {
    for (let i = 0; i < hashes.length; i++) {
      // Up to 80 % full: linear probing stays short with uniform hashes.
      if ((this.slotsUsed + 1) * 5 > this.keys.length * 4) this.grow();
      const h = hashes[i];
      const slot = this.find(h);
      if (this.heads[slot] === NONE) {
        this.keys[slot] = h;
        this.slotsUsed++;
      }
      if (this.entries === this.entryDoc.length) {
        const doc = new Int32Array(this.entries * 2);
        doc.set(this.entryDoc);
        this.entryDoc = doc;
        const next = new Int32Array(this.entries * 2);
        next.set(this.entryNext);
        this.entryNext = next;
      }
      this.entryDoc[this.entries] = documentId;
      this.entryNext[this.entries] = this.heads[slot];
      this.heads[slot] = this.entries++;
    }
  }

  /** The slot of `hash`, or the empty slot where it would go. Hashes are uniform 52-bit integers: their low bits spread. */
  private find(hash: number): number {
    const mask = this.keys.length - 1;
    let slot = (hash % 0x100000000) & mask;
    while (this.heads[slot] !== NONE && this.keys[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const keys = this.keys;
    const heads = this.heads;
    const size = Math.max(1 << 16, keys.length * 2);
    this.keys = new Float64Array(size);
    this.heads = new Int32Array(size).fill(NONE);
    for (let i = 0; i < keys.length; i++) {
      if (heads[i] === NONE) continue;
      const slot = this.find(keys[i]);
      this.keys[slot] = keys[i];
      this.heads[slot] = heads[i];
    }
  }
}
