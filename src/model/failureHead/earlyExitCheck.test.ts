import { checkEarlyExit, formatEarlyExitCheck } from './earlyExitCheck';

const rule = { threshold: 0.6, minDurationSteps: 2, clearBelow: 0.51 };

describe('checkEarlyExit', () => {
  it('counts stopped rows, those the whole head scores near an alert, and hosts whose episodes change', () => {
    const full = [
      [0.01, 0.3, 0.7, 0.8, 0.2],
      [0.01, 0.02, 0.7, 0.7, 0.01],
    ];
    const withExit = [
      [0.001, 0.01, 0.7, 0.8, 0.2], // two rows stopped, one of them at 0.3: episodes unchanged
      [0.001, 0.02, 0.7, 0.01, 0.01], // the exit stopped a row at 0.7 and broke the episode
    ];
    const check = checkEarlyExit(withExit, full, rule, 0.255);
    expect(check).toEqual({
      rows: 10,
      stoppedRows: 4,
      stoppedAtOrAboveSafe: 2,
      highestStoppedRisk: 0.7,
      hostsWithChangedEpisodes: 1,
    });
    expect(formatEarlyExitCheck(check, 20, 0.255)).toContain(
      '4 of 10 rows stopped early (40.0 %), 2 of them scored ≥ 0.255'
    );
  });

  it('finds nothing when the exit stopped only quiet rows', () => {
    const full = [[0.01, 0.9, 0.9, 0.02]];
    const check = checkEarlyExit([[0.002, 0.9, 0.9, 0.004]], full, rule, 0.255);
    expect(check.stoppedRows).toBe(2);
    expect(check.stoppedAtOrAboveSafe).toBe(0);
    expect(check.hostsWithChangedEpisodes).toBe(0);
  });

  it('refuses risk series that do not line up', () => {
    expect(() => checkEarlyExit([[0.1]], [], rule, 0.255)).toThrow(/1 hosts with the exit, 0 without/);
    expect(() => checkEarlyExit([[0.1]], [[0.1, 0.2]], rule, 0.255)).toThrow(/host 0 has 1 steps/);
  });
});
