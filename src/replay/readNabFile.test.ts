import fs from 'node:fs';
import path from 'node:path';
import { nabMetricName, readNabFile } from './readNabFile';

const nabFile = path.resolve(__dirname, '../../../shared/datasets/nab/data/realKnownCause/machine_temperature_system_failure.csv');
/** ../shared is beside every dev and CI checkout; a GitHub runner alone does not have it. */
const itWithDatasets = fs.existsSync(nabFile) || !process.env.GITHUB_ACTIONS ? it : it.skip;

describe('readNabFile', () => {
  itWithDatasets('reads real NAB timestamps as UTC', () => {
    const { series } = readNabFile(nabFile);
    expect(series).toHaveLength(1);
    expect(series[0].name).toBe('node_hwmon_temp_celsius');
    expect(series[0].labels.instance).toBe('machine_temperature_system_failure');
    expect(series[0].timestampsMs[0]).toBe(Date.UTC(2013, 11, 2, 21, 15));
    expect(series[0].timestampsMs[1] - series[0].timestampsMs[0]).toBe(5 * 60_000);
    expect(series[0].values.every(Number.isFinite)).toBe(true);
  });

  itWithDatasets('leaves out, and reports, rows whose clock went backwards', () => {
    const { series, notes } = readNabFile(nabFile);
    const t = series[0].timestampsMs;
    expect(t.every((v, i) => i === 0 || v > t[i - 1])).toBe(true);
    expect(notes).toEqual([expect.stringContaining('left out 12 row(s)')]);
  });

  it('keeps a neutral name for series that are not server metrics', () => {
    expect(nabMetricName('Twitter_volume_AAPL')).toBe('nab_value');
    expect(nabMetricName('ec2_cpu_utilization_24ae8d')).toBe('node_cpu_utilisation_percent');
  });
});
