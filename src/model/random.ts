/**
 * Seeded pseudo-random numbers for model training (Isolation Forest sampling and splits, shuffles).
 * Nothing at scoring time draws random numbers; this exists so that a training run is reproducible
 * from its seed, and so that another runtime (Go) can replay the exact stream if it ever needs to.
 *
 * Algorithm, exactly (all words are unsigned 32-bit, arithmetic mod 2^32; 64-bit words mod 2^64):
 *
 * Seeding — SplitMix64 (Steele, Lea & Flood 2014) from a safe integer seed 0 <= seed <= 2^53 - 1:
 *   x = seed (as uint64); two outputs, each:
 *     x = x + 0x9E3779B97F4A7C15
 *     z = x
 *     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
 *     z = (z ^ (z >> 27)) * 0x94D049BB133111EB
 *     out = z ^ (z >> 31)
 *   s0 = low32(out1), s1 = high32(out1), s2 = low32(out2), s3 = high32(out2).
 *   (SplitMix64's output is a bijection of its counter, so two consecutive outputs are never both 0
 *   and the xoshiro state is never all zero.)
 *
 * Generator — xoshiro128** 1.1 (Blackman & Vigna 2018), rotl(v, k) = (v << k) | (v >> (32 - k)):
 *   result = rotl(s1 * 5, 7) * 9
 *   t = s1 << 9
 *   s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
 *   return result
 *
 * Derived draws:
 *   float():   a = next() >> 5 (27 bits), b = next() >> 6 (26 bits); (a * 2^26 + b) / 2^53, in [0, 1),
 *              exact in float64 (MT19937's genrand_res53 construction). Consumes two words.
 *   int(lo, hi): uniform integer in [lo, hi), n = hi - lo with 1 <= n <= 2^32; rejection sampling:
 *              limit = 2^32 - (2^32 mod n); draw u = next() until u < limit; return lo + (u mod n).
 *   sampleWithoutReplacement(n, k): partial Fisher–Yates on a = [0, 1, ..., n-1]:
 *              for i = 0 .. k-1 { j = int(i, n); swap(a[i], a[j]) }; return a[0 .. k-1] (in draw order).
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** A seed or draw argument that cannot produce a reproducible stream. */
export class RandomArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'RandomArgumentError';
  }
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/** The two first SplitMix64 outputs from `seed`, as four 32-bit words [lo1, hi1, lo2, hi2]. */
export function splitMix64Words(seed: number): [number, number, number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RandomArgumentError(`seed must be an integer in [0, 2^53 - 1], got ${seed}`);
  }
  const mask = BigInt('0xFFFFFFFFFFFFFFFF');
  const golden = BigInt('0x9E3779B97F4A7C15');
  const m1 = BigInt('0xBF58476D1CE4E5B9');
  const m2 = BigInt('0x94D049BB133111EB');
  const b30 = BigInt(30);
  const b27 = BigInt(27);
  const b31 = BigInt(31);
  const b32 = BigInt(32);
  const low = BigInt(0xffffffff);
  let x = BigInt(seed);
  const words: number[] = [];
  for (let k = 0; k < 2; k++) {
    x = (x + golden) & mask;
    let z = x;
    z = ((z ^ (z >> b30)) * m1) & mask;
    z = ((z ^ (z >> b27)) * m2) & mask;
    z = z ^ (z >> b31);
    words.push(Number(z & low), Number(z >> b32));
  }
  return words as [number, number, number, number];
}

export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(readonly seed: number) {
    [this.s0, this.s1, this.s2, this.s3] = splitMix64Words(seed);
  }

  /** Next raw 32-bit output of xoshiro128**, as an integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float64 in [0, 1) with 53 random bits. */
  float(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** Uniform integer in [lo, hi) (hi exclusive), unbiased; needs 1 <= hi - lo <= 2^32. */
  int(lo: number, hi: number): number {
    const n = hi - lo;
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || n < 1 || n > TWO_POW_32) {
      throw new RandomArgumentError(`int(lo, hi) needs integers with 1 <= hi - lo <= 2^32, got [${lo}, ${hi})`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let u = this.nextUint32();
    while (u >= limit) {
      u = this.nextUint32();
    }
    return lo + (u % n);
  }

  /** k distinct indices from [0, n), in draw order (partial Fisher–Yates). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(k) || k < 0 || k > n || n > 0x7fffffff) {
      throw new RandomArgumentError(`cannot draw ${k} distinct indices from ${n}`);
    }
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i;
    }
    for (let i = 0; i < k; i++) {
      const j = this.int(i, n);
      const v = a[i];
      a[i] = a[j];
      a[j] = v;
    }
    return a.slice(0, k);
  }

  /** The current state words [s0, s1, s2, s3], for tests and cross-runtime checks. */
  state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** A generator continuing from explicit state words (not all zero). */
  static fromState(words: readonly number[]): SeededRandom {
    if (words.length !== 4 || words.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_POW_32)) {
      throw new RandomArgumentError('state must be four integers in [0, 2^32)');
    }
    if (words.every((w) => w === 0)) {
      throw new RandomArgumentError('xoshiro128** state must not be all zero');
    }
    const r = new SeededRandom(0);
    [r.s0, r.s1, r.s2, r.s3] = words as [number, number, number, number];
    return r;
  }
}

export function createRandom(seed: number): SeededRandom {
  return new SeededRandom(seed);
}
