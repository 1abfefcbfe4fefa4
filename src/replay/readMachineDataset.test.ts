import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANOMALY_LABEL_METRIC, readMachineDataset } from './readMachineDataset';
import { SMD_METRIC_NAMES } from './smdMetricNames';

const smdDir = path.resolve(__dirname, '../../../shared/datasets/smd');
/** ../shared is beside every dev and CI checkout; a GitHub runner alone does not have it. */
const itWithDatasets = fs.existsSync(smdDir) || !process.env.GITHUB_ACTIONS ? it : it.skip;

function tinySmd(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smd-'));
  fs.writeFileSync(path.join(dir, 'm_train.csv'), 'cpu_r,load_1\n0.1,0.2\n0.3,0.4\n');
  fs.writeFileSync(path.join(dir, 'm_test.csv'), 'cpu_r,load_1\n0.5,0.6\n0.7,0.8\n0.9,1\n');
  fs.writeFileSync(path.join(dir, 'm_test_label.csv'), 'label\n0\n1\n1\n');
  return dir;
}

describe('readMachineDataset', () => {
  it('puts train before test at one-minute steps, with test labels as their own series', () => {
    const { series } = readMachineDataset({ kind: 'smd', dir: tinySmd(), machine: 'm', split: 'both', startMs: 0 });
    expect(series.map((s) => s.name)).toEqual(['node_cpu_busy_ratio', 'node_load1', ANOMALY_LABEL_METRIC]);
    expect(series[0].timestampsMs).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(series[1].values).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(series[2].values).toEqual([0, 0, 0, 1, 1]);
    expect(series[0].labels).toEqual({ instance: 'm', job: 'replay', dataset: 'smd', scaled: 'minmax' });
  });

  it('reads the test split alone from its first row', () => {
    const { series } = readMachineDataset({ kind: 'smd', dir: tinySmd(), machine: 'm', split: 'test', startMs: 1000 });
    expect(series[0].values).toEqual([0.5, 0.7, 0.9]);
    expect(series[0].timestampsMs[0]).toBe(1000);
  });

  it('refuses labels that do not match the test rows', () => {
    const dir = tinySmd();
    fs.writeFileSync(path.join(dir, 'm_test_label.csv'), 'label\n0\n');
    expect(() => readMachineDataset({ kind: 'smd', dir, machine: 'm', split: 'test', startMs: 0 })).toThrow(/1 labels for 3 test rows/);
  });

  itWithDatasets('names every column of the real SMD files', () => {
    const header = fs.readFileSync(path.join(smdDir, 'machine-1-2_test.csv'), 'utf8').split('\n')[0].split(',');
    expect(header).toHaveLength(38);
    expect(header.filter((column) => !SMD_METRIC_NAMES[column])).toEqual([]);
  });
});
