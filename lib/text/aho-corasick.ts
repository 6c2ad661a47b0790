/**
 * Aho–Corasick multi-pattern matching: finds every occurrence of thousands of
 * phrases in one pass over a text (linear in text length plus matches). Used to
 * find the unquoted uses of every known phrase across the corpus: at 1 GB, 350
 * million characters against 26,000 phrases.
 *
 * The trie is built with a Map per node, then compiled into typed arrays for
 * the search: the root's children in a table indexed by code unit (most
 * characters of a text start no phrase, and cost one read there), every other
 * node's children in one open-addressing hash table keyed by (node, code
 * unit). A Map per node cost about 75 ns a character; these, a fraction.
 */
export class AhoCorasick {
  /** The root's child by code unit, 0 if none. */
  private readonly rootNext = new Int32Array(65536);
  /**
   * The other nodes' children: rows of (node, code unit, child) in a table
   * at most half full (linear probing); node 0 marks an empty slot, since the
   * root's children are in rootNext.
   */
  private readonly edges: Int32Array;
  private readonly edgeBits: number;
  /** Whether a node has children: one that has none goes straight to its failure link. */
  private readonly hasChildren: Uint8Array;
  private readonly fail: Int32Array;
  /** Pattern ending at this node, or -1. */
  private readonly terminal: Int32Array;
  /** Nearest node on the failure chain that ends a pattern, or -1. */
  private readonly dictLink: Int32Array;
  private readonly lengths: Int32Array;

  constructor(patterns: readonly string[]) {
    // The trie, with a Map per node: built once, then compiled.
    const children: Array<Map<number, number>> = [new Map()];
    const terminal: number[] = [-1];
    patterns.forEach((pattern, id) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let child = children[node].get(c);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          terminal.push(-1);
          children[node].set(c, child);
        }
        node = child;
      }
      if (pattern.length > 0) terminal[node] = id;
    });
    const n = children.length;
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    this.terminal = Int32Array.from(terminal);
    this.hasChildren = Uint8Array.from(children, (m) => (m.size > 0 ? 1 : 0));
    for (const [c, child] of children[0]) this.rootNext[c] = child;
    let bits = 4;
    while (1 << bits < 2 * n) bits++;
    this.edgeBits = bits;
    this.edges = new Int32Array((1 << bits) * EDGE_ROW);
    for (let node = 1; node < n; node++) {
      for (const [c, child] of children[node]) {
        let slot = edgeSlot(node, c, bits);
        while (this.edges[slot * EDGE_ROW] !== 0) slot = (slot + 1) & ((1 << bits) - 1);
        const o = slot * EDGE_ROW;
        this.edges[o] = node;
        this.edges[o + 1] = c;
        this.edges[o + 2] = child;
      }
    }

    // Failure and dictionary links, breadth first.
    this.fail = new Int32Array(n);
    this.dictLink = new Int32Array(n).fill(-1);
    const queue: number[] = [...children[0].values()];
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      for (const [c, child] of children[node]) {
        let f = this.fail[node];
        while (f !== 0 && !children[f].has(c)) f = this.fail[f];
        const target = children[f].get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const fc = this.fail[child];
        this.dictLink[child] = this.terminal[fc] >= 0 ? fc : this.dictLink[fc];
        queue.push(child);
      }
    }
  }

  /** Calls `onMatch(start, end, patternId)` for every occurrence, in order of end position. */
  search(text: string, onMatch: (start: number, end: number, pattern: number) => void): void {
    const rootNext = this.rootNext;
    const edges = this.edges;
    const bits = this.edgeBits;
    const mask = (1 << bits) - 1;
    const hasChildren = this.hasChildren;
    const fail = this.fail;
    const terminal = this.terminal;
    const dictLink = this.dictLink;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // The goto function: this node's child for c, or its failure link's, down to the root's.
      for (;;) {
        if (node === 0) {
          node = rootNext[c];
          break;
        }
        if (hasChildren[node] !== 0) {
          let slot = edgeSlot(node, c, bits);
          let child = 0;
          for (let at = slot * EDGE_ROW; edges[at] !== 0; at = slot * EDGE_ROW) {
            if (edges[at] === node && edges[at + 1] === c) {
              child = edges[at + 2];
              break;
            }
            slot = (slot + 1) & mask;
          }
          if (child !== 0) {
            node = child;
            break;
          }
        }
        node = fail[node];
      }
      if (node === 0) continue;
      let out = terminal[node] >= 0 ? node : dictLink[node];
      while (out >= 0) {
        const id = terminal[out];
        onMatch(i + 1 - this.lengths[id], i + 1, id);
        out = dictLink[out];
      }
    }
  }
}

/** An edge's row in AhoCorasick.edges: node, code unit, child. */
const EDGE_ROW = 3;

/** The first slot to probe for a node's child by code unit (Fibonacci hashing of both; the top bits). */
function edgeSlot(node: number, c: number, bits: number): number {
  return Math.imul(Math.imul(node, 0x9e3779b1) ^ c, 0x85ebca6b) >>> (32 - bits);
}
