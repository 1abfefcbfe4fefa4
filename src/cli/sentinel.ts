/**
 * sentinel — the Anomaly Sentinel CLI (Node, tfjs).
 *
 *   sentinel train          train the default model (see trainCommand.ts)
 *   sentinel evaluate       the evaluation protocol on held-out failure scenarios (--dataset smd|asd|nab: on SMD, ASD, NAB)
 *   sentinel finetune       a shipped model adapted to a fleet's own data (see finetuneCommand.ts)
 *   sentinel score          risk series to CSV or JSON from a model and Prometheus or a CSV
 *   sentinel export-golden  vectors that hold the Go runtime equal to this one
 *   sentinel replay         backfill a dataset into the local stack
 *
 * Errors print one line saying what failed and what to do, and exit 2 for bad input, 1 otherwise.
 */
import { ArtifactError } from '../model/artifact/errors';
import { FeatureInputError } from '../model/features/errors';
import { ReplayInputError } from '../replay/types';
import { UsageError } from './usageError';

type Command = (argv: string[]) => Promise<void>;

const commands: Record<string, () => Promise<Command>> = {
  replay: async () => (await import('./replay')).replayCommand,
  'export-golden': async () => (await import('./exportGoldenCommand')).exportGoldenCommand,
  score: async () => (await import('./scoreCommand')).scoreCommand,
  train: async () => (await import('./trainCommand')).trainCommand,
  evaluate: async () => (await import('./evaluateCommand')).evaluateCommand,
  finetune: async () => (await import('./finetuneCommand')).finetuneCommand,
};

export { UsageError };

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    throw new UsageError(`usage: sentinel <${Object.keys(commands).join('|')}> [options]`);
  }
  await (
    await load()
  )(rest);
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`sentinel: ${err.message}`);
  const badInput =
    err instanceof UsageError ||
    err instanceof FeatureInputError ||
    err instanceof ReplayInputError ||
    err instanceof ArtifactError;
  process.exit(badInput ? 2 : 1);
});
