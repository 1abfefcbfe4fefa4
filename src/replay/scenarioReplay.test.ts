import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';
import { scenarioReplay } from './scenarioReplay';
import { SCENARIO_JOB } from './scenarioToNodeExporter';
import { replacedSelectors } from './selectors';
import { ReplayInputError, ReplaySeries } from './types';

const END = Date.parse('2026-11-24T12:00:07.5Z');
const small = { seed: 5, hosts: 2, hours: 3, endMs: END, failureRate: 8, normalSource: 'synthetic' as const };

describe('scenarioReplay', () => {
  const replay = scenarioReplay(small);

  it('ends at the last step at or before --end and covers --hours of 15 s rows', () => {
    const { summary } = replay;
    expect(summary.toMs).toBe(Date.parse('2026-11-24T12:00:00Z'));
    expect(summary.toMs - summary.fromMs).toBe((3 * 240 - 1) * 15_000);
    expect(summary.from).toBe(new Date(summary.fromMs).toISOString());
    for (const s of replay.dataset.series) {
      expect(s.timestampsMs[0]).toBe(summary.fromMs);
      expect(s.timestampsMs[s.timestampsMs.length - 1]).toBe(summary.toMs);
    }
  });

  it('reports the generator’s failures and hosts, inside the range, and a selector of exactly this job', () => {
    const { summary, fleet } = replay;
    expect(summary.hosts).toEqual(['scenario-01', 'scenario-02']);
    expect(summary.selector).toBe(`job="${SCENARIO_JOB}",instance=~"scenario-.+"`);
    expect(summary.failures.length).toBeGreaterThan(0);
    expect(summary.failures.map((f) => [f.instance, f.kind, f.failureMs])).toEqual(
      fleet.failures.map((f) => [f.instance, f.kind, f.failureMs])
    );
    for (const f of summary.failures) {
      expect(f.failureMs).toBeGreaterThan(summary.fromMs);
      expect(f.failureMs).toBeLessThanOrEqual(summary.toMs);
      expect(f.failureTime).toBe(new Date(f.failureMs).toISOString());
    }
    expect(new Set(replay.dataset.series.map((s) => s.labels.job))).toEqual(new Set([SCENARIO_JOB]));
    expect(replay.dataset.replaces).toEqual([`{${summary.selector}}`]);
  });

  it('regenerates the same feature values from the options it reports', () => {
    const again = generateScenarioFleet(
      replay.summary.generator as unknown as Parameters<typeof generateScenarioFleet>[0]
    );
    expect(again.hosts[1].values).toEqual(replay.fleet.hosts[1].values);
    expect(again.hosts[1].timestampsMs[0]).toBe(replay.summary.fromMs);
  });

  it('places the same scenario at another end time unchanged, only shifted', () => {
    const later = scenarioReplay({ ...small, endMs: END + 3_600_000 });
    expect(later.fleet.hosts[0].values).toEqual(replay.fleet.hosts[0].values);
    expect(later.summary.failures.map((f) => f.failureMs - later.summary.fromMs)).toEqual(
      replay.summary.failures.map((f) => f.failureMs - replay.summary.fromMs)
    );
  });

  it('names hosts and the replaced data by the prefix, leaving other prefixes’ scenarios alone', () => {
    const mine = scenarioReplay({ ...small, instancePrefix: 'ci-7f3a-' });
    expect(mine.summary.hosts).toEqual(['ci-7f3a-01', 'ci-7f3a-02']);
    expect(mine.summary.selector).toBe(`job="${SCENARIO_JOB}",instance=~"ci-7f3a-.+"`);
    expect(mine.dataset.replaces).toEqual([`{job="${SCENARIO_JOB}",instance=~"ci-7f3a-.+"}`]);
    expect(new Set(mine.dataset.series.map((s) => s.labels.instance))).toEqual(new Set(mine.summary.hosts));
    // Only the names differ from the default prefix's scenario.
    expect(mine.fleet.hosts[0].values).toEqual(replay.fleet.hosts[0].values);
  });

  it('refuses options that cannot make a useful scenario, with a ReplayInputError naming the flag', () => {
    const bad: Array<[Partial<typeof small> & { kinds?: string[] }, RegExp]> = [
      [{ hosts: 0 }, /--hosts/],
      [{ hours: 1 }, /--hours/],
      [{ seed: 1.5 }, /--seed/],
      [{ endMs: NaN }, /--end/],
      [{ kinds: ['meltdown'] }, /unknown failure kind "meltdown"/],
      [{ instancePrefix: 'a.*|' } as object, /--prefix/],
    ];
    for (const [options, message] of bad) {
      const call = () => scenarioReplay({ ...small, ...(options as object) });
      expect(call).toThrow(ReplayInputError);
      expect(call).toThrow(message);
    }
  });
});

describe('replacedSelectors', () => {
  it('names each replayed host under its own job, so one dataset never removes another', () => {
    const series: ReplaySeries[] = [
      { name: 'm', labels: { instance: 'a', job: 'replay' }, timestampsMs: [], values: [] },
      { name: 'n', labels: { instance: 'a', job: 'replay' }, timestampsMs: [], values: [] },
      { name: 'm', labels: { instance: 'scenario-01', job: SCENARIO_JOB }, timestampsMs: [], values: [] },
      { name: 'm', labels: { instance: 'we"ird' }, timestampsMs: [], values: [] },
    ];
    expect(replacedSelectors(series)).toEqual([
      '{job="replay",instance="a"}',
      '{job="replay",instance="we\\"ird"}',
      `{job="${SCENARIO_JOB}",instance="scenario-01"}`,
    ]);
  });
});
