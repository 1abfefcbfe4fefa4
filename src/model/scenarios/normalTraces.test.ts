import fs from 'node:fs';
import { generateScenarioFleet } from './generateScenarioFleet';
import { SMD_FEATURE_MAP, STEP_NOISE } from './normalTraces';
import { SeededRandom } from '../random';
import { hostSeed, scenarioRandom } from './rng';
import { F, SCENARIO_FEATURES } from './scenarioFeatures';
import {
  ANOMALY_MARGIN_ROWS,
  DEFAULT_SMD_DIR,
  DEFAULT_SMD_MACHINES,
  drawNormalPieces,
  loadSmdMachine,
  normalSegments,
} from './smdSegments';
import { ScenarioFleet } from './types';

const itWithDatasets = fs.existsSync(DEFAULT_SMD_DIR) || !process.env.GITHUB_ACTIONS ? it : it.skip;

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

function std(a: ArrayLike<number>): number {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    m += a[i] / n;
  }
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += (a[i] - m) ** 2 / n;
  }
  return Math.sqrt(s);
}

/** Per host and mapped feature: the generated values at whole minutes and the SMD column they map. */
function pairs(fleet: ScenarioFleet) {
  const out: Array<{ feature: keyof typeof STEP_NOISE; generated: Float64Array; mapped: Float64Array }> = [];
  const perMinute = 60 / fleet.options.stepSeconds;
  fleet.hosts.forEach((host, h) => {
    const source = fleet.sources[h];
    expect(source.pieces).toHaveLength(1);
    const piece = source.pieces[0];
    const columns = loadSmdMachine(fleet.options.smdDir, source.machine!).splits[piece.split];
    const minutes = Math.floor((host.timestampsMs.length - 1) / perMinute) + 1;
    for (const map of SMD_FEATURE_MAP.filter((m) => m.column)) {
      const f = SCENARIO_FEATURES.indexOf(map.feature);
      const column = columns[map.column!].subarray(piece.startRow, piece.startRow + minutes);
      const generated = Float64Array.from({ length: minutes }, (_, m) => host.values[m * perMinute * F + f]);
      out.push({
        feature: map.feature,
        generated,
        mapped: column.map((x) => map.offset + map.scale * x),
      });
    }
  });
  return out;
}

describe('normal behaviour from SMD', () => {
  const quiet = { hosts: DEFAULT_SMD_MACHINES.length, durationHours: 12, failureRate: 0, benignRate: 0 };

  itWithDatasets('is the affine map of the SMD column, exactly, before noise (60 s step)', () => {
    const fleet = generateScenarioFleet({ seed: 3, ...quiet, stepSeconds: 60, noise: 0 });
    expect(new Set(fleet.sources.map((s) => s.machine))).toEqual(new Set(DEFAULT_SMD_MACHINES));
    const off = pairs(fleet)
      .map(({ feature, generated, mapped }) => ({
        feature,
        worst: generated.reduce((w, v, i) => Math.max(w, Math.abs(v - mapped[i])), 0),
      }))
      .filter((p) => !(p.worst < 1e-9));
    expect(off).toEqual([]);
  });

  itWithDatasets('keeps correlation > 0.9 with the mapped SMD column after resampling to 15 s with noise', () => {
    const fleet = generateScenarioFleet({ seed: 4, ...quiet });
    // Where the column barely moves in a stretch, the step noise dominates any correlation; check
    // the pairs whose signal is at least 3x the noise (r >= 0.95 expected there).
    const checked = pairs(fleet).filter((p) => std(p.mapped) >= 3 * STEP_NOISE[p.feature].abs);
    expect(checked.length).toBeGreaterThan(30);
    const weak = checked
      .map((p) => ({ feature: p.feature, r: pearson(p.generated, p.mapped) }))
      .filter((p) => !(p.r > 0.9));
    expect(weak).toEqual([]);
  });

  itWithDatasets('uses test rows only away from labelled anomalies', () => {
    for (const machine of DEFAULT_SMD_MACHINES) {
      const m = loadSmdMachine(DEFAULT_SMD_DIR, machine);
      const segments = normalSegments(m);
      expect(segments[0]).toEqual({ split: 'train', startRow: 0, rows: m.splits.train.cpu_r.length });
      for (const s of segments.filter((seg) => seg.split === 'test')) {
        const from = Math.max(0, s.startRow - ANOMALY_MARGIN_ROWS);
        const to = Math.min(m.testLabels.length, s.startRow + s.rows + ANOMALY_MARGIN_ROWS);
        expect(m.testLabels.subarray(from, to).every((label) => label === 0)).toBe(true);
      }
    }
  });

  itWithDatasets('stitches pieces end to end when the run is longer than any normal segment', () => {
    const m = loadSmdMachine(DEFAULT_SMD_DIR, 'machine-1-2');
    const minutes = 40_000;
    const pieces = drawNormalPieces(scenarioRandom(1), normalSegments(m), minutes);
    expect(pieces.length).toBeGreaterThan(1);
    let at = 0;
    for (const piece of pieces) {
      expect(piece.atMinute).toBe(at);
      at += piece.rows;
    }
    expect(at).toBe(minutes);
  });
});

describe('scenario random', () => {
  it('draws from the project generator (src/model/random.ts)', () => {
    const a = new SeededRandom(hostSeed(7, 1, 2));
    const b = scenarioRandom(hostSeed(7, 1, 2));
    for (let i = 0; i < 100; i++) {
      expect(b.next()).toBe(a.nextUint32() / 2 ** 32);
    }
  });

  it('draws integers in [min, max] and Poisson counts with the asked mean', () => {
    const r = scenarioRandom(1);
    const ints = Array.from({ length: 2000 }, () => r.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    const counts = Array.from({ length: 4000 }, () => r.poisson(2.5));
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeCloseTo(2.5, 1);
  });
});
