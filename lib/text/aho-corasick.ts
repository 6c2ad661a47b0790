/**
 * Aho–Corasick multi-pattern matching: finds every occurrence of thousands of
 * phrases in one pass over a text (linear in text length plus matches). Used to
 * find the unquoted uses of every known phrase across the corpus.
 */
export class AhoCorasick {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** Pattern ending at this node, or -1. */
  private readonly terminal: number[] = [-1];
  /** Nearest node on the failure chain that ends a pattern, or -1. */
  private dictLink: Int32Array = new Int32Array(1);
  private readonly lengths: number[] = [];

  constructor(patterns: readonly string[]) {
    patterns.forEach((p, id) => this.add(p, id));
    this.lengths = patterns.map((p) => p.length);
    this.build();
  }

  private add(pattern: string, id: number): void {
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let child = this.next[node].get(c);
      if (child === undefined) {
        child = this.next.length;
        this.next.push(new Map());
        this.terminal.push(-1);
        this.next[node].set(c, child);
      }
      node = child;
    }
    if (pattern.length > 0) this.terminal[node] = id;
  }

  private build(): void {
    const n = this.next.length;
    this.fail = new Int32Array(n);
    this.dictLink = new Int32Array(n).fill(-1);
    const queue: number[] = [];
    for (const child of this.next[0].values()) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      for (const [c, child] of this.next[node]) {
        let f = this.fail[node];
        while (f !== 0 && !this.next[f].has(c)) f = this.fail[f];
        const target = this.next[f].get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const fc = this.fail[child];
        this.dictLink[child] = this.terminal[fc] >= 0 ? fc : this.dictLink[fc];
        queue.push(child);
      }
    }
  }

  /** Calls `onMatch(start, end, patternId)` for every occurrence, in order of end position. */
  search(text: string, onMatch: (start: number, end: number, pattern: number) => void): void {
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let child = this.next[node].get(c);
      while (child === undefined && node !== 0) {
        node = this.fail[node];
        child = this.next[node].get(c);
      }
      node = child ?? 0;
      let out = this.terminal[node] >= 0 ? node : this.dictLink[node];
      while (out >= 0) {
        const id = this.terminal[out];
        onMatch(i + 1 - this.lengths[id], i + 1, id);
        out = this.dictLink[out];
      }
    }
  }
}
