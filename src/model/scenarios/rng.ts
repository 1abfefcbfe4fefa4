import { SeededRandom } from '../random';

// Math's functions held locally: under jest every global lookup crosses the vm context, which
// made generation ten times slower there than in Node.
const { imul, sqrt, log, cos, sin, floor, exp, PI } = Math;

/**
 * The scenario generator's random source: the project's seeded generator (src/model/random.ts,
 * xoshiro128** seeded by SplitMix64) with the few draws the generator needs. Uniforms take one
 * 32-bit word each (not float()'s two) and normals come in Box–Muller pairs: the generator draws
 * ~15 normals per row, and word draws are most of its time. Each host gets its own streams
 * (hostSeed), so adding a host or an event kind does not reshuffle the other hosts of a seed.
 */
export interface ScenarioRandom {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Poisson-distributed count with the given mean (Knuth; fine for the small means used here). */
  poisson(mean: number): number;
}

export function scenarioRandom(seed: number): ScenarioRandom {
  const generator = new SeededRandom(seed >>> 0);
  const next = () => generator.nextUint32() / 4294967296;
  let spareNormal = 0;
  let hasSpare = false;
  const random: ScenarioRandom = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + floor(next() * (max - min + 1)),
    normal: () => {
      if (hasSpare) {
        hasSpare = false;
        return spareNormal;
      }
      const radius = sqrt(-2 * log(1 - next()));
      const angle = 2 * PI * next();
      spareNormal = radius * sin(angle);
      hasSpare = true;
      return radius * cos(angle);
    },
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) {
        throw new Error('cannot pick from an empty list');
      }
      return items[floor(next() * items.length)];
    },
    poisson: (mean) => {
      const limit = exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
  };
  return random;
}

/** A seed for one host's stream, mixed so neighbouring seeds and hosts give unrelated streams. */
export function hostSeed(seed: number, host: number, stream: number): number {
  let h = imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = imul(h ^ (host + 0x632be5ab), 0xc2b2ae35) >>> 0;
  h = imul(h ^ (stream + 0x27d4eb2f), 0x165667b1) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
