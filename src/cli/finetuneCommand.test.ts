import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadArtifactDir } from '../model/artifact/artifactDir';
import { sentinelJsonSchema } from '../model/artifact/sentinelJson';
import { mulberry32 } from '../model/seededRandom';
import { finetuneCommand, finetunedVersion } from './finetuneCommand';

const shipped = path.resolve(__dirname, '../../models/default');

/** A small feature CSV for the shipped model's 14 features: 2 hosts × 480 steps (2 h at 15 s). */
function writeFixture(file: string, withLabels: boolean): void {
  const meta = JSON.parse(fs.readFileSync(path.join(shipped, 'sentinel.json'), 'utf8')) as { features: Array<{ name: string; unit: string }> };
  const random = mulberry32(3);
  const header = ['timestamp', 'instance', ...meta.features.map((f) => f.name), ...(withLabels ? ['label'] : [])];
  const lines = [header.join(',')];
  for (const instance of ['web-1', 'web-2']) {
    for (let k = 0; k < 480; k++) {
      const cells = meta.features.map((f) => {
        const wave = Math.sin(k / 40) * 0.05 + (random() - 0.5) * 0.02;
        const rising = withLabels && k > 400 ? (k - 400) / 100 : 0;
        return f.unit === 'ratio' ? Math.min(0.3 + wave + rising, 0.99) : f.unit === 'load_per_core' ? 0.5 + wave : 1000 * (1 + wave);
      });
      const label = withLabels ? [k >= 400 && k <= 460 ? 1 : 0] : [];
      lines.push([1_767_225_600 + k * 15, instance, ...cells.map((v) => v.toPrecision(6)), ...label].join(','));
    }
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('sentinel finetune', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-finetune-'));
  const csv = path.join(dir, 'features.csv');
  const labelledCsv = path.join(dir, 'labelled.csv');
  beforeAll(() => {
    writeFixture(csv, false);
    writeFixture(labelledCsv, true);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (out: string, file = csv) =>
    finetuneCommand(['--from', shipped, '--out', out, '--csv', file, '--epochs', '1', '--seed', '5', '--date', '2026-01-02', '--backend', 'cpu', '--json']);

  it('writes a valid artifact that reloads, keeps the feature spec and differs from the shipped weights; a rerun reproduces its hash', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(path.join(dir, 'a'));
    await run(path.join(dir, 'b'));
    log.mockRestore();
    const base = await loadArtifactDir(shipped);
    const a = await loadArtifactDir(path.join(dir, 'a'));
    const b = await loadArtifactDir(path.join(dir, 'b'));
    expect(sentinelJsonSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'a', 'sentinel.json'), 'utf8'))).success).toBe(true);
    expect(a.meta.version).toBe(`${base.meta.version}-ft.20260102`);
    expect(a.meta.features).toEqual(base.meta.features);
    expect(a.meta.normalisation).toEqual(base.meta.normalisation);
    expect(a.meta.training.finetunedFrom).toEqual({ name: base.meta.name, version: base.meta.version });
    expect((a.meta.evaluation.finetuneHoldout as { labelled: boolean }).labelled).toBe(false);
    // A failure head is dropped (it learned the shipped parts, which fine-tuning refits), and says so.
    expect(a.meta.failureHead).toBeUndefined();
    expect(a.meta.training.failureHeadDropped !== undefined).toBe(base.meta.failureHead !== undefined);
    expect(Buffer.compare(fs.readFileSync(path.join(dir, 'a', 'weights.bin')), fs.readFileSync(path.join(shipped, 'weights.bin')))).not.toBe(0);
    expect(a.contentHash).not.toBe(base.contentHash);
    expect(b.contentHash).toBe(a.contentHash);
    for (const m of [base, a, b]) {
      m.model.dispose();
    }
  }, 120_000);

  it('refits the calibration on labels when the CSV has a label column', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(path.join(dir, 'labelled'), labelledCsv);
    log.mockRestore();
    const base = await loadArtifactDir(shipped);
    const tuned = await loadArtifactDir(path.join(dir, 'labelled'));
    expect((tuned.meta.evaluation.finetuneHoldout as { labelled: boolean }).labelled).toBe(true);
    expect(tuned.meta.calibration.weights).not.toEqual(base.meta.calibration.weights);
    base.model.dispose();
    tuned.model.dispose();
  }, 120_000);

  it('refuses to overwrite the model it starts from, and names versions within 64 characters', async () => {
    await expect(finetuneCommand(['--from', shipped, '--out', shipped, '--csv', csv])).rejects.toThrow(/--out must differ/);
    expect(finetunedVersion('default-2026-01-01', '2026-02-03')).toBe('default-2026-01-01-ft.20260203');
    expect(finetunedVersion('x'.repeat(64), '2026-02-03')).toHaveLength(64);
  });
});
