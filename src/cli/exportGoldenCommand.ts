import path from 'node:path';
import { parseArgs } from 'node:util';
import { selectNodeBackend } from '../model/tfBackend';
import { exportRiskSeasonalGolden } from '../model/golden/riskSeasonalGolden';
import { exportForecasterGolden, exportRiskGolden, exportRiskHeadGolden, exportRiskMedianGolden } from './exportGolden';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * sentinel export-golden [--out testdata/golden] — rewrites the committed parity vectors:
 * forecaster (LSTM states and outputs), risk (robust baseline), risk-seasonal (seasonal baseline),
 * risk-head (with a failure head), risk-median (a median calibration).
 */
export async function exportGoldenCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: path.join(repoRoot, 'testdata', 'golden') } },
  });
  // The cpu backend: the committed vectors are compared byte for byte by a jest test that runs on cpu.
  await selectNodeBackend('cpu');
  for (const [name, write] of [
    ['forecaster', exportForecasterGolden],
    ['risk', exportRiskGolden],
    ['risk-seasonal', exportRiskSeasonalGolden],
    ['risk-head', exportRiskHeadGolden],
    ['risk-median', exportRiskMedianGolden],
  ] as const) {
    const dir = path.join(values.out!, name);
    await write(dir);
    console.log(`wrote ${dir}`);
  }
}
