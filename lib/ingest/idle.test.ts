import { describe, expect, it } from 'vitest';
import { IdleShare } from './idle';

describe('IdleShare', () => {
  it('is the recent share of time between spells of work, following a change of pace', () => {
    const s = new IdleShare();
    expect(s.share).toBe(0);
    let t = performance.now();
    // Waits 3 ms, works 1 ms: three quarters idle.
    for (let i = 0; i < 50; i++) {
      s.begin((t += 3));
      s.end((t += 1));
    }
    expect(s.share).toBeCloseTo(0.75, 2);
    // Then busy all the time: the old waiting fades within a few dozen messages.
    for (let i = 0; i < 60; i++) {
      s.begin(t);
      s.end((t += 4));
    }
    expect(s.share).toBeLessThan(0.01);
    // An end without a begin counts nothing.
    const before = s.share;
    s.end((t += 100));
    expect(s.share).toBe(before);
  });
});
