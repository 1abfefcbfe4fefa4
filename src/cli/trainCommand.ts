/**
 * sentinel train — trains the default model, reproducibly from a seed:
 *   1. a training fleet and a calibration fleet of failure scenarios over real SMD behaviour
 *      (src/model/scenarios; different seeds, so calibration never sees training data);
 *   2. normalisation, the LSTM, Isolation Forest and baseline on the training fleet;
 *   3. the calibration layer on the calibration fleet;
 *   4. the failure head (gradient-boosted trees on failure labels) on --head-fleets more fleets;
 *   5. the alert threshold on the calibration fleet, then the head's early exit under it;
 *   6. the artifact (models/default by default) with the calibration figures.
 * `sentinel evaluate` scores a third, held-out fleet.
 *
 *   sentinel train [--out models/default] [--seed 7] [--hosts 16] [--calibration-hosts 48] [--hours 48] [--epochs 12]
 *                  [--head-fleets 4] [--json]
 * --head-fleets 0 trains a model without a failure head (docs/failure-head.md).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { saveArtifactDir } from '../model/artifact/artifactDir';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { RiskModel, scoreHosts } from '../model/risk/riskEngine';
import { rowScorerKit } from '../model/scorers/kit';
import { mulberry32 } from '../model/seededRandom';
import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';
import { selectNodeBackend } from '../model/tfBackend';
import { failureLabels } from '../model/training/labels';
import { chooseAlertingRule } from '../model/training/thresholdSelection';
import { AlertingRule } from '../model/risk/alertEpisodes';
import { trainModel } from '../model/training/trainModel';
import { DEFAULT_MODEL_FEATURES, DEFAULT_MODEL_SHAPE } from './defaultModelSpec';
import { chooseEarlyExit } from '../model/failureHead/earlyExit';
import { failureHeadToJson } from '../model/failureHead/failureHeadJson';
import { trainFailureHead } from '../model/failureHead/trainFailureHead';
import { hardNegativeWindows } from '../model/failureHead/hardNegatives';
import { Progress } from './progress';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Seeds of the three fleets: training, calibration, held-out evaluation (see evaluateCommand). */
export function fleetSeeds(seed: number) {
  return {
    train: seed * 1000 + 1,
    calibration: seed * 1000 + 2,
    evaluation: seed * 1000 + 3,
    /**
     * The failure head's fleets (i < --head-fleets). Never trained on, the validation fleets used
     * while developing: seeds 7004–7006 (16 hosts) and 7014–7021 (48 hosts) for seed 7.
     */
    head: (i: number) => seed * 1000 + 10 + i,
    /** More fleets the alert rule and the early exit are chosen on, beside the calibration fleet. */
    rule: (i: number) => seed * 1000 + 30 + i,
  };
}

/**
 * The full-head risk at or above which no row may stop early under `rule`: a share of its clearing
 * level. The exit is chosen against it here and checked against it by `sentinel evaluate`.
 */
export function earlyExitSafeProbability(rule: AlertingRule): number {
  return DEFAULT_MODEL_SHAPE.failureHead.earlyExit.safeShareOfClearing * rule.clearBelow;
}

/**
 * Gives the failure head its early exit (earlyExit.ts), chosen on the calibration fleet's rows under the
 * alert rule just chosen. Alert episodes on that fleet cannot change: a row that stops early scores
 * below half the clearing level with the whole head and below the clearing level with the exit.
 */
export function chooseHeadEarlyExit(
  riskModel: RiskModel,
  hosts: HostFeatureMatrix[],
  warmupMs: number,
  log: (line: string) => void
): void {
  const head = riskModel.head!;
  const { earlyExit } = DEFAULT_MODEL_SHAPE.failureHead;
  function* rowBlocks() {
    for (const host of hosts) {
      const t = host.timestampsMs;
      yield scoreHosts(riskModel, [host], t[0] + warmupMs, t[t.length - 1], { headInputs: head.inputs }).hosts[0]
        .headInputs!;
    }
  }
  const { clearBelow } = riskModel.meta.alerting;
  const choice = chooseEarlyExit(head.trees, rowBlocks(), {
    candidates: earlyExit.candidates,
    safeProbability: earlyExitSafeProbability(riskModel.meta.alerting),
    marginLogit: earlyExit.marginLogit,
    clearBelow,
  });
  if (!choice) {
    log('failure head: no early exit saves work on the calibration fleet; every row walks every tree');
    return;
  }
  head.trees.earlyExit = choice.earlyExit;
  riskModel.meta.failureHead = failureHeadToJson(head);
  log(
    `failure head early exit: after ${choice.earlyExit.trees} trees below log-odds ${choice.earlyExit.belowLogit.toFixed(2)}; ` +
      `${(choice.passShare * 100).toFixed(1)} % of calibration rows walk on, ${choice.treesPerRow.toFixed(0)} trees per row`
  );
}

export async function trainCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: path.join(repoRoot, 'models', 'default') },
      seed: { type: 'string', default: '7' },
      hosts: { type: 'string', default: '16' },
      // The alert threshold and the head's early exit are chosen on this fleet. 48 hosts (about 70
      // failures): with 16 (about 21) a head's threshold landed where validation precision fell just
      // under 0.9 (0.65: 0.896), with 48 it held there.
      'calibration-hosts': { type: 'string', default: '48' },
      hours: { type: 'string', default: '48' },
      epochs: { type: 'string', default: '12' },
      // The failure head's training fleets (docs/failure-head.md); 0 trains a model without a head.
      'head-fleets': { type: 'string', default: '4' },
      version: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const hosts = Number(values.hosts);
  const calibrationHosts = Number(values['calibration-hosts']);
  const hours = Number(values.hours);
  const epochs = Number(values.epochs);
  for (const [name, v] of [
    ['hosts', hosts],
    ['calibration-hosts', calibrationHosts],
    ['hours', hours],
    ['epochs', epochs],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`--${name} must be a whole number ≥ 1, got ${values[name]}`);
    }
  }
  const started = Date.now();
  const backend = await selectNodeBackend('wasm');
  const seeds = fleetSeeds(seed);
  const shape = DEFAULT_MODEL_SHAPE;
  const log = (message: string) => !values.json && console.error(message);

  log(
    `generating scenario fleets (seed ${seed}: ${hosts} hosts × ${hours} h for training, ${calibrationHosts} for calibration)`
  );
  const trainFleet = generateScenarioFleet({
    seed: seeds.train,
    hosts,
    durationHours: hours,
    stepSeconds: shape.stepSeconds,
  });
  // Twice the failure rate of the training fleet: the calibration layer and the threshold need
  // enough events to be fitted and judged on.
  const calibrationFleet = generateScenarioFleet({
    seed: seeds.calibration,
    hosts: calibrationHosts,
    durationHours: hours,
    stepSeconds: shape.stepSeconds,
    failureRate: 1,
  });
  const horizonMs = shape.horizonSteps * shape.stepSeconds * 1000;
  const calibration = calibrationFleet.hosts.map((host) => ({
    host,
    labels: failureLabels(host, calibrationFleet.failures, horizonMs),
  }));

  const progress = new Progress('training LSTM', epochs, values.json);
  const riskModel = await trainModel(
    trainFleet.hosts,
    calibration,
    {
      name: 'default',
      version: values.version ?? `default-${new Date().toISOString().slice(0, 10)}`,
      description: 'Generic node_exporter model: 14 features, 15 s steps, risk of failure within 15 minutes',
      features: DEFAULT_MODEL_FEATURES,
      rateWindow: shape.rateWindow,
      stepSeconds: shape.stepSeconds,
      horizonSteps: shape.horizonSteps,
      maxFillSteps: shape.maxFillSteps,
      chunkSteps: shape.chunkSteps,
      warmupSteps: shape.warmupSteps,
      units: shape.units,
      epochs,
      batchSize: 32,
      learningRate: 3e-3,
      strideSteps: 120,
      smoothingAlpha: shape.smoothingAlpha,
      failureTrend: shape.failureTrend,
      rowSample: 20_000,
      seed,
      onEpoch: (epoch, loss) => progress.update(epoch + 1, `loss ${loss.toFixed(4)}`),
    },
    rowScorerKit,
    mulberry32(seed)
  );
  progress.done();

  const headFleets = Number(values['head-fleets']);
  if (!Number.isInteger(headFleets) || headFleets < 0) {
    throw new Error(`--head-fleets must be a whole number ≥ 0 (0: no failure head), got ${values['head-fleets']}`);
  }
  let headSeconds = 0;
  if (headFleets > 0) {
    const headStarted = Date.now();
    const headOptions = shape.failureHead;
    log(`fitting the failure head on ${headFleets} more fleets (seeds ${seeds.head(0)}…${seeds.head(headFleets - 1)})`);
    const fleets = Array.from({ length: headFleets }, (_, i) => {
      const fleet = generateScenarioFleet({
        seed: seeds.head(i),
        hosts,
        durationHours: hours,
        stepSeconds: shape.stepSeconds,
        failureRate: 1,
      });
      const labelWindowMs = headOptions.labelWindowSteps * shape.stepSeconds * 1000;
      return { ...fleet, hardNegatives: hardNegativeWindows(fleet, labelWindowMs) };
    });
    const headProgress = new Progress('failure head', headOptions.trees.iterations, values.json);
    const head = trainFailureHead(riskModel, fleets, {
      inputs: headOptions.inputs,
      labelWindowSteps: headOptions.labelWindowSteps,
      strideSteps: headOptions.strideSteps,
      quietAfterMinutes: headOptions.quietAfterMinutes,
      unreadParts: headOptions.unreadParts,
      failingPositive: headOptions.failingPositive,
      hardNegativeStrideSteps: headOptions.hardNegativeStrideSteps,
      skipSteps: shape.warmupSteps,
      trees: {
        ...headOptions.trees,
        onRound: (round, loss) => headProgress.update(round + 1, `log-loss ${loss.toFixed(4)}`),
      },
    });
    headProgress.done();
    riskModel.head = head;
    riskModel.meta.failureHead = failureHeadToJson(head);
    headSeconds = (Date.now() - headStarted) / 1000;
  }

  // The rule fleets' hosts are named apart from the calibration fleet's, so failures stay with their host.
  const ruleFleets = Array.from({ length: shape.ruleFleets }, (_, i) =>
    generateScenarioFleet({
      seed: seeds.rule(i),
      hosts: calibrationHosts,
      durationHours: hours,
      stepSeconds: shape.stepSeconds,
      failureRate: 1,
      instancePrefix: `rule${i + 1}-`,
    })
  );
  const ruleHosts = [calibrationFleet, ...ruleFleets].flatMap((f) => f.hosts);
  const ruleFailures = [calibrationFleet, ...ruleFleets].flatMap((f) => f.failures);
  log(
    `choosing the alert threshold on the calibration fleet and ${shape.ruleFleets} more (${ruleFailures.length} failures)`
  );
  const scored = ruleHosts.map((host) => {
    const startMs = host.timestampsMs[0] + shape.warmupSteps * shape.stepSeconds * 1000;
    const r = scoreHosts(riskModel, [host], startMs, host.timestampsMs[host.timestampsMs.length - 1]);
    return { instance: host.instance, timestampsMs: r.timestampsMs, risk: r.hosts[0].risk };
  });
  const { chosen, candidates } = chooseAlertingRule(
    scored,
    ruleFailures,
    horizonMs,
    shape.minDurationSteps,
    undefined,
    shape.alertHysteresis
  );
  riskModel.meta.alerting = chosen.rule;
  if (riskModel.head) {
    chooseHeadEarlyExit(riskModel, ruleHosts, shape.warmupSteps * shape.stepSeconds * 1000, log);
  }
  const seconds = (Date.now() - started) / 1000;
  riskModel.meta.training = {
    ...riskModel.meta.training,
    command: `npm run sentinel -- train --seed ${seed} --hosts ${hosts} --calibration-hosts ${calibrationHosts} --hours ${hours} --epochs ${epochs} --head-fleets ${headFleets}`,
    backend,
    seconds,
    data:
      `scenario fleets over SMD normal behaviour: train seed ${seeds.train} (${hosts} hosts × ${hours} h), calibration seed ${seeds.calibration} (${calibrationHosts} hosts)` +
      `, alert rule also on seeds ${seeds.rule(0)}…${seeds.rule(shape.ruleFleets - 1)} (${calibrationHosts} hosts each)` +
      (headFleets > 0
        ? `, failure head seeds ${seeds.head(0)}…${seeds.head(headFleets - 1)} (failure rate 1 a day)`
        : ''),
    ...(headFleets > 0 ? { failureHeadSeconds: headSeconds } : {}),
  };
  riskModel.meta.evaluation = {
    calibrationFleet: { rule: chosen.rule, ...chosen.metrics, leadTimes: undefined },
    thresholdCandidates: candidates.map((c) => ({
      rule: c.rule,
      eventPrecision: c.metrics.eventPrecision,
      eventRecall: c.metrics.eventRecall,
      falsePositiveRate: c.metrics.falsePositiveRate,
      medianLeadTime: c.metrics.medianLeadTime,
    })),
  };
  const hash = await saveArtifactDir(values.out!, riskModel.model, riskModel.meta);
  const m = chosen.metrics;
  const fmt = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
  const summary = {
    out: values.out,
    version: riskModel.meta.version,
    contentHash: hash,
    backend,
    seconds,
    alerting: chosen.rule,
    calibration: m,
  };
  console.log(
    values.json
      ? JSON.stringify(summary)
      : `trained ${summary.version} in ${seconds.toFixed(0)} s on tfjs ${backend} → ${values.out} (${hash.slice(0, 12)})\n` +
          `alert rule: risk >= ${chosen.rule.threshold} for ${chosen.rule.minDurationSteps} steps, clears below ${chosen.rule.clearBelow}\n` +
          `calibration and rule fleets (${m.events} failures): event precision ${fmt(m.eventPrecision, 3)}, recall ${fmt(m.eventRecall, 3)}, ` +
          `FPR ${fmt(m.falsePositiveRate, 4)}, median lead ${fmt(m.medianLeadTime === null ? null : m.medianLeadTime / 60_000, 1)} min`
  );
}
