import { parseArgs } from 'node:util';
import { FailureKind, NormalSource } from './types';
import { writeScenarioDataset } from './writeScenarioDataset';

/**
 * `npx tsx src/model/scenarios/scenariosCli.ts --out DIR [--seed 1] [--hosts 8] [--hours 24]
 * [--step 15] [--failure-rate 0.5] [--benign-rate 4] [--kinds memory_leak,disk_fill]
 * [--gaps-per-day 0] [--synthetic] [--smd-dir DIR] [--labels]`
 */
export function runScenariosCli(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      hosts: { type: 'string', default: '8' },
      hours: { type: 'string', default: '24' },
      step: { type: 'string', default: '15' },
      'failure-rate': { type: 'string', default: '0.5' },
      'benign-rate': { type: 'string', default: '4' },
      kinds: { type: 'string' },
      'gaps-per-day': { type: 'string', default: '0' },
      synthetic: { type: 'boolean', default: false },
      'smd-dir': { type: 'string' },
      labels: { type: 'boolean', default: false },
    },
  });
  if (!values.out) {
    throw new Error('--out DIR is required: the folder to write scenarios.csv and scenarios.json into');
  }
  const num = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n)) {
      throw new Error(`--${name} must be a number, got "${values[name]}"`);
    }
    return n;
  };
  const gaps = num('gaps-per-day');
  const t0 = Date.now();
  const result = writeScenarioDataset(values.out, {
    seed: num('seed'),
    hosts: num('hosts'),
    durationHours: num('hours'),
    stepSeconds: num('step'),
    failureRate: num('failure-rate'),
    benignRate: num('benign-rate'),
    kinds: values.kinds ? (values.kinds.split(',') as FailureKind[]) : undefined,
    scrapeGaps: gaps > 0 ? { perHostDay: gaps, maxSteps: 8 } : undefined,
    normalSource: (values.synthetic ? 'synthetic' : 'smd') as NormalSource,
    smdDir: values['smd-dir'],
    labelColumn: values.labels,
  });
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `wrote ${result.rows} rows (${result.hosts} hosts, ${result.failures} failures, ${result.benignEvents} benign events) ` +
      `to ${result.csv} and ${result.json} in ${seconds.toFixed(1)} s`
  );
}

if (require.main === module) {
  try {
    runScenariosCli(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
