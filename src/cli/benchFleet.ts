/**
 * The "typical fleet" of the speed benchmarks: N hosts × one scoring window (warm-up + 1 h at 15 s)
 * cut from a scenario fleet (SMD normal behaviour, failures at 1 a day per host and benign events,
 * as the evaluation's fleets), re-timed onto the benchmark's grid. With a failure head, speed depends
 * on the data (its early exit lets quiet rows stop), so the benchmarks run on this as well as on
 * smooth synthetic waves that walk every tree.
 *
 * Written for the Go benchmark (BenchmarkRiskScenarioFleet) as build/bench-fleet/: fleet.json (the
 * shape) and values.f64 (float64 in the machine's byte order — little-endian on every platform we
 * build for —, host-major, then step, then feature; NaN = missing), by
 * `tsx src/cli/benchRisk.ts --write-fleet build/bench-fleet` (scripts/bench does it).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';

/** Seed of the scenario fleet the windows come from (not one of the evaluation's fleets). */
const BENCH_SEED = 9100;

export interface BenchFleetShape {
  hosts: number;
  steps: number;
  stepMs: number;
  gridStartMs: number;
  features: string[];
}

/** `hosts` windows of `steps` rows, consecutive windows of scenario hosts, in `features` order. */
export function benchFleet(shape: BenchFleetShape): HostFeatureMatrix[] {
  const { hosts, steps, stepMs, gridStartMs, features } = shape;
  const hours = 48;
  const perHost = Math.floor((hours * 3600_000) / stepMs / steps);
  const fleet = generateScenarioFleet({
    seed: BENCH_SEED,
    hosts: Math.ceil(hosts / perHost),
    durationHours: hours,
    stepSeconds: stepMs / 1000,
    failureRate: 1,
  });
  const F = features.length;
  const timestampsMs = Float64Array.from({ length: steps }, (_, t) => gridStartMs + t * stepMs);
  return Array.from({ length: hosts }, (_, i) => {
    const source = fleet.hosts[Math.floor(i / perHost)];
    const columns = features.map((name) => {
      const at = source.features.indexOf(name);
      if (at < 0) {
        throw new Error(`the scenario generator has no feature ${name}`);
      }
      return at;
    });
    const G = source.features.length;
    const first = (i % perHost) * steps;
    const values = new Float64Array(steps * F);
    const missing = new Uint8Array(steps * F);
    for (let t = 0; t < steps; t++) {
      columns.forEach((c, f) => {
        values[t * F + f] = source.values[(first + t) * G + c];
        missing[t * F + f] = source.missing[(first + t) * G + c];
      });
    }
    return { instance: `bench-${String(i + 1).padStart(4, '0')}`, features, timestampsMs, values, missing };
  });
}

/** Writes the fleet for the Go benchmark: fleet.json and values.f64 (NaN where missing). */
export async function writeBenchFleet(dir: string, shape: BenchFleetShape, hosts: HostFeatureMatrix[]): Promise<void> {
  const F = shape.features.length;
  const values = new Float64Array(hosts.length * shape.steps * F);
  hosts.forEach((h, i) => h.values.forEach((v, j) => (values[i * shape.steps * F + j] = h.missing[j] ? NaN : v)));
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'values.f64'), new Uint8Array(values.buffer));
  await fs.writeFile(path.join(dir, 'fleet.json'), `${JSON.stringify({ ...shape, seed: BENCH_SEED })}\n`);
}
