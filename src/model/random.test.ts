import { createRandom, RandomArgumentError, SeededRandom, splitMix64Words } from './random';

// Expected values come from the algorithms' reference definitions (SplitMix64 seed 0 → 0xe220a8397b1dcdaf;
// xoshiro128** from state {1, 2, 3, 4} → 11520, 0, 5927040, ...), recomputed independently with Python ints.
describe('SeededRandom (SplitMix64-seeded xoshiro128**)', () => {
  it('seeds with SplitMix64', () => {
    const [lo1, hi1, lo2, hi2] = splitMix64Words(0);
    expect([hi1, lo1].map((w) => w.toString(16).padStart(8, '0')).join('')).toBe('e220a8397b1dcdaf');
    expect([hi2, lo2].map((w) => w.toString(16).padStart(8, '0')).join('')).toBe('6e789e6aa1b965f4');
    expect(createRandom(42).state()).toEqual([803958421, 3184996902, 2993090819, 686809907]);
  });

  it('matches the xoshiro128** reference stream', () => {
    const r = SeededRandom.fromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => r.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it('pins the first outputs for seed 42', () => {
    const r = createRandom(42);
    expect(Array.from({ length: 5 }, () => r.nextUint32())).toEqual([
      1776835114, 4165204688, 17111135, 2317295270, 2792088233,
    ]);
    const f = createRandom(42);
    expect([f.float(), f.float(), f.float()]).toEqual([0.4137016681565887, 0.003983993377814743, 0.6500837027638867]);
  });

  it('draws unbiased integers in [lo, hi) by rejection', () => {
    // 2^32 mod 3 = 1, so only u = 2^32 - 1 is rejected; otherwise lo + u mod 3.
    const raw = createRandom(42);
    const ints = createRandom(42);
    for (let k = 0; k < 5; k++) {
      expect(ints.int(10, 13)).toBe(10 + (raw.nextUint32() % 3));
    }
    const r = createRandom(7);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 60000; k++) {
      counts[r.int(0, 6)]++;
    }
    counts.forEach((c) => expect(Math.abs(c - 10000)).toBeLessThan(400)); // ~4 σ
    expect(createRandom(1).int(5, 6)).toBe(5);
  });

  it('samples without replacement by partial Fisher–Yates', () => {
    const sample = createRandom(3).sampleWithoutReplacement(1000, 256);
    expect(sample).toHaveLength(256);
    expect(new Set(sample).size).toBe(256);
    expect(Math.max(...sample)).toBeLessThan(1000);
    // Replaying the documented procedure with int() gives the same indices.
    const r = createRandom(3);
    const a = Array.from({ length: 1000 }, (_, i) => i);
    for (let i = 0; i < 256; i++) {
      const j = r.int(i, 1000);
      [a[i], a[j]] = [a[j], a[i]];
    }
    expect(Array.from(sample)).toEqual(a.slice(0, 256));
    // k = n is a permutation.
    expect(Array.from(createRandom(3).sampleWithoutReplacement(5, 5)).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('is reproducible and differs between seeds', () => {
    const a = createRandom(123);
    const b = createRandom(123);
    const c = createRandom(124);
    const xs = Array.from({ length: 10 }, () => a.float());
    expect(Array.from({ length: 10 }, () => b.float())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.float())).not.toEqual(xs);
    xs.forEach((x) => expect(x >= 0 && x < 1).toBe(true));
  });

  it('refuses seeds and ranges it cannot honour', () => {
    expect(() => createRandom(-1)).toThrow(RandomArgumentError);
    expect(() => createRandom(1.5)).toThrow(/seed must be an integer/);
    expect(() => createRandom(2 ** 53)).toThrow(RandomArgumentError);
    expect(() => createRandom(1).int(3, 3)).toThrow(/1 <= hi - lo/);
    expect(() => createRandom(1).sampleWithoutReplacement(3, 4)).toThrow(/cannot draw 4/);
    expect(() => SeededRandom.fromState([0, 0, 0, 0])).toThrow(/all zero/);
  });
});
