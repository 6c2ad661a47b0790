/**
 * The share of its recent time a thread spent waiting for messages: the gaps
 * between the spells of work it does on them, against the spells, both
 * decayed at each message so that the last dozen or so count. A parallel
 * ingest's writer and document worker each keep one, and the worker takes the
 * duplicate-detection lookups off the writer while it is the idler of the two
 * (worker.ts).
 */
export class IdleShare {
  private idle = 0;
  private busy = 0;
  private lastEnd = performance.now();
  private started = -1;

  /** A message's work begins: the time since the last one ended was spent waiting. */
  begin(now = performance.now()): void {
    this.idle = this.idle * DECAY + Math.max(0, now - this.lastEnd);
    this.busy *= DECAY;
    this.started = now;
  }

  /** …and ends. */
  end(now = performance.now()): void {
    if (this.started < 0) return;
    this.busy += now - this.started;
    this.lastEnd = now;
    this.started = -1;
  }

  /** Waiting over waiting and working, recently: 0 before anything was measured. */
  get share(): number {
    const total = this.idle + this.busy;
    return total > 0 ? this.idle / total : 0;
  }
}

/** What each message keeps of the time before it. */
const DECAY = 0.9;
