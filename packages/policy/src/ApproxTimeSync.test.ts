import { describe, expect, it } from 'vitest';
import { ApproxTimeSync } from './ApproxTimeSync.ts';

const m = (t: number, id: string) => ({ id, header: { stamp: { sec: Math.floor(t), nanosec: Math.round((t % 1) * 1e9) } } });

describe('ApproxTimeSync', () => {
  it('pairs nearest stamps within the slop, once, in order', () => {
    const pairs: string[] = [];
    const s = new ApproxTimeSync<ReturnType<typeof m>, ReturnType<typeof m>>({ slop: 0.05 }, (a, b) => pairs.push(`${a.id}+${b.id}`));
    s.addA(m(1.0, 'a1'));
    s.addB(m(1.2, 'b1')); // too far
    s.addA(m(1.21, 'a2'));
    s.addB(m(1.22, 'b2')); // a2 already paired with b1; b2 waits
    s.addA(m(1.0, 'old')); // older than the last pair: dropped
    s.addA(m(1.4, 'a3'));
    s.addB(m(1.41, 'b3'));
    expect(pairs).toEqual(['a2+b1', 'a3+b3']);
    expect(s.dropped).toBeGreaterThan(0);
  });
});

describe('ApproxTimeSync after the clock goes back (a simulator reset)', () => {
  it('starts afresh and pairs the new stamps at once, while a merely late message is still dropped', () => {
    const pairs: string[] = [];
    const s = new ApproxTimeSync<ReturnType<typeof m>, ReturnType<typeof m>>({ slop: 0.05 }, (a, b) => pairs.push(`${a.id}+${b.id}`));
    s.addA(m(40.0, 'a40'));
    s.addB(m(40.01, 'b40'));
    s.addA(m(39.5, 'late')); // half a second late: dropped
    s.addA(m(0.1, 'a0')); // the clock restarted
    s.addB(m(0.11, 'b0'));
    s.addA(m(0.2, 'a1'));
    s.addB(m(0.2, 'b1'));
    expect(pairs).toEqual(['a40+b40', 'a0+b0', 'a1+b1']);
    expect(s.resets).toBe(1);
    expect(s.dropped).toBe(1);
  });
});
