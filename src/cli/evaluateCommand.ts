/**
 * sentinel evaluate — the evaluation protocol (../shared/eval-protocol.md) on failure scenarios:
 * a held-out fleet (its own seed; the model never saw it), events [f − H, f], one row per
 * detector: the ensemble with its shipped alert rule, each of its parts alone (threshold chosen on
 * the calibration fleet), a null detector, and a simple static-limit rule. Prints the table and
 * writes it as JSON; --record also stores it in the model's sentinel.json (new content hash).
 *
 *   sentinel evaluate [--model models/default] [--seed 7] [--hosts 48] [--hours 48] [--out reports/…json] [--record]
 *
 * The held-out fleet is three times the training fleet (48 hosts, about 100 failures): with the 37
 * failures of 16 hosts, precision's 95 % interval was 0.70–0.92, too wide to say whether a change helped.
 *
 * `--dataset smd|asd|nab` runs the protocol on the shared real datasets instead, with models trained
 * per SMD or ASD machine or per NAB file (evaluateDatasets.ts); `--dataset scenarios` is the default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadArtifactDir, saveArtifactDir } from '../model/artifact/artifactDir';
import { poolEventMetrics } from '../model/eval/eventMetrics';
import { checkEarlyExit, EarlyExitCheck, formatEarlyExitCheck } from '../model/failureHead/earlyExitCheck';
import { breakdownByKind, formatKindBreakdown, hostEventMetrics } from '../model/eval/failureKindBreakdown';
import { formatInterval, wilsonInterval } from '../model/eval/uncertainty';
import { evaluationRow, EvaluationTable, evaluationTableJson, renderEvaluationTable } from '../model/eval/report';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { AlertingRule } from '../model/risk/alertEpisodes';
import { COMPONENTS } from '../model/risk/componentScores';
import { RiskModel, scoreHosts } from '../model/risk/riskEngine';
import { generateScenarioFleet } from '../model/scenarios/generateScenarioFleet';
import { ScenarioFleet } from '../model/scenarios/types';
import { rowScorerKit } from '../model/scorers/kit';
import { selectNodeBackend } from '../model/tfBackend';
import { chooseAlertingRule, ScoredHost } from '../model/training/thresholdSelection';
import { evaluateNab, evaluateSmd } from './evaluateDatasets';
import { UsageError } from './usageError';
import { earlyExitSafeProbability, fleetSeeds } from './trainCommand';

const repoRoot = path.resolve(__dirname, '..', '..');

async function evaluateDataset(
  values: {
    dataset?: string;
    dir?: string;
    only?: string;
    epochs?: string;
    seed?: string;
    out?: string;
    json?: boolean;
    record?: boolean;
  },
  backend: string
): Promise<void> {
  const dataset = values.dataset!;
  if (dataset !== 'smd' && dataset !== 'asd' && dataset !== 'nab') {
    throw new UsageError(`--dataset ${dataset}: expected scenarios, smd, asd or nab`);
  }
  if (values.record) {
    throw new UsageError(
      '--record stores the scenario evaluation in a model; SMD, ASD and NAB models are trained by the evaluation itself'
    );
  }
  const defaultOut = path.join(repoRoot, 'reports', 'evaluation-scenarios.json');
  const args = {
    dir: values.dir,
    only: values.only,
    epochs: values.epochs === undefined ? undefined : positiveInteger(values.epochs, '--epochs'),
    seed: values.seed === undefined ? undefined : positiveInteger(values.seed, '--seed'),
    out:
      values.out === undefined || values.out === defaultOut
        ? path.join(repoRoot, 'reports', `evaluation-${dataset}.json`)
        : values.out,
    json: Boolean(values.json),
    backend,
    log: (message: string) => console.error(message),
  };
  await (dataset === 'nab' ? evaluateNab(args) : evaluateSmd(args, dataset));
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`${flag} ${text}: expected a positive integer`);
  }
  return n;
}

interface ScoredFleet {
  fleet: ScenarioFleet;
  risk: ScoredHost[];
  components: ScoredHost[][];
  seconds: number;
  hostSteps: number;
}

/**
 * With a failure head that exits early: the scored fleet again with the whole head, compared row by
 * row (earlyExitCheck.ts), as the exit was chosen on the calibration fleet only.
 */
function earlyExitNote(
  riskModel: RiskModel,
  evaluation: ScoredFleet
): { check: EarlyExitCheck; note: string } | undefined {
  const head = riskModel.head;
  const exit = head?.trees.earlyExit;
  if (!head || !exit) {
    return undefined;
  }
  const whole = { ...riskModel, head: { ...head, trees: { ...head.trees, earlyExit: undefined } } };
  const full = scoreFleet(whole, evaluation.fleet).risk;
  const { alerting } = riskModel.meta;
  const safe = earlyExitSafeProbability(alerting);
  const check = checkEarlyExit(
    evaluation.risk.map((h) => h.risk),
    full.map((h) => h.risk),
    alerting,
    safe
  );
  return { check, note: formatEarlyExitCheck(check, exit.trees, safe) };
}

function scoreFleet(riskModel: RiskModel, fleet: ScenarioFleet): ScoredFleet {
  const stepMs = riskModel.meta.stepSeconds * 1000;
  const started = Date.now();
  const risk: ScoredHost[] = [];
  const components: ScoredHost[][] = COMPONENTS.map(() => []);
  // All hosts of a fleet share one grid, so they go through the LSTM as one batch.
  const first = fleet.hosts[0].timestampsMs;
  const result = scoreHosts(
    riskModel,
    fleet.hosts,
    first[0] + riskModel.meta.streaming.warmupSteps * stepMs,
    first[first.length - 1]
  );
  const hostSteps = result.hosts.length * result.timestampsMs.length;
  for (const h of result.hosts) {
    risk.push({ instance: h.instance, timestampsMs: result.timestampsMs, risk: h.risk });
    COMPONENTS.forEach((_, i) => {
      components[i].push({
        instance: h.instance,
        timestampsMs: result.timestampsMs,
        risk: Float64Array.from(result.timestampsMs, (_, s) => h.components[s * 4 + i]),
      });
    });
  }
  return { fleet, risk, components, seconds: (Date.now() - started) / 1000, hostSteps };
}

/** Static-limit rule: fires when any limited feature is at ≥ 90 % of its failure limit (raw units). */
function staticLimitScores(riskModel: RiskModel, hosts: HostFeatureMatrix[], scored: ScoredHost[]): ScoredHost[] {
  const F = riskModel.meta.features.length;
  const limits = riskModel.meta.features.flatMap((f, i) =>
    f.failureLimit === undefined ? [] : [[i, f.failureLimit] as const]
  );
  return scored.map((s, h) => {
    const host = hosts[h];
    const offset = Math.round((s.timestampsMs[0] - host.timestampsMs[0]) / (riskModel.meta.stepSeconds * 1000));
    const risk = Float64Array.from(s.timestampsMs, (_, k) => {
      const t = offset + k;
      return Math.max(0, ...limits.map(([f, limit]) => (host.missing[t * F + f] ? 0 : host.values[t * F + f] / limit)));
    });
    return { ...s, risk };
  });
}

function quantiles(hosts: ScoredHost[], qs: number[]): number[] {
  const all = Float64Array.from(hosts.flatMap((h) => Array.from(h.risk))).sort();
  return [...new Set(qs.map((q) => all[Math.min(all.length - 1, Math.floor(q * all.length))]))];
}

export async function evaluateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: path.join(repoRoot, 'models', 'default') },
      seed: { type: 'string', default: '7' },
      hosts: { type: 'string', default: '48' },
      hours: { type: 'string', default: '48' },
      out: { type: 'string', default: path.join(repoRoot, 'reports', 'evaluation-scenarios.json') },
      record: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      dataset: { type: 'string', default: 'scenarios' },
      dir: { type: 'string' },
      only: { type: 'string' },
      epochs: { type: 'string' },
    },
  });
  const backend = await selectNodeBackend('wasm');
  if (values.dataset !== 'scenarios') {
    await evaluateDataset(values, backend);
    return;
  }
  const artifact = await loadArtifactDir(values.model!);
  const riskModel = riskModelFromArtifact(artifact, rowScorerKit);
  const { meta } = riskModel;
  const seeds = fleetSeeds(Number(values.seed));
  const options = {
    hosts: Number(values.hosts),
    durationHours: Number(values.hours),
    stepSeconds: meta.stepSeconds,
    failureRate: 1,
  };
  const horizonMs = meta.horizonSteps * meta.stepSeconds * 1000;

  const calibration = scoreFleet(riskModel, generateScenarioFleet({ ...options, seed: seeds.calibration }));
  const evaluation = scoreFleet(riskModel, generateScenarioFleet({ ...options, seed: seeds.evaluation }));
  const failures = evaluation.fleet.failures;

  const detectorMetrics = (hosts: ScoredHost[], rule: AlertingRule | null) =>
    poolEventMetrics(hosts.map((host) => hostEventMetrics(host, failures, rule, horizonMs)));
  const detectorRow = (detector: string, training: string, hosts: ScoredHost[], rule: AlertingRule | null) =>
    evaluationRow({
      detector: rule ? `${detector} (≥ ${Number(rule.threshold.toPrecision(4))})` : detector,
      training,
      events: detectorMetrics(hosts, rule),
      timeUnitMs: 1,
      timing: { wallTimeSeconds: evaluation.seconds, rows: evaluation.hostSteps },
    });

  const rows = [detectorRow('ensemble (shipped rule)', 'one generic model', evaluation.risk, meta.alerting)];
  COMPONENTS.forEach((name, i) => {
    const { chosen } = chooseAlertingRule(
      calibration.components[i],
      calibration.fleet.failures,
      horizonMs,
      meta.alerting.minDurationSteps,
      quantiles(calibration.components[i], [0.9, 0.95, 0.98, 0.99, 0.995, 0.999]),
      0
    );
    rows.push(detectorRow(`${name} alone`, 'threshold on calibration fleet', evaluation.components[i], chosen.rule));
  });
  if (riskModel.head) {
    // What the failure head adds: the same parts through the calibration alone, its threshold chosen
    // on the calibration fleet by the shipped rule's own criterion.
    const withoutHead = { ...riskModel, head: undefined };
    const calibrated = scoreFleet(withoutHead, calibration.fleet);
    const { chosen } = chooseAlertingRule(
      calibrated.risk,
      calibration.fleet.failures,
      horizonMs,
      meta.alerting.minDurationSteps
    );
    rows.push(
      detectorRow(
        'calibrated parts, no failure head',
        'threshold on calibration fleet',
        scoreFleet(withoutHead, evaluation.fleet).risk,
        chosen.rule
      )
    );
  }
  const exitNote = earlyExitNote(riskModel, evaluation);
  rows.push(detectorRow('null (never alerts)', 'none', evaluation.risk, null));
  const staticRule = { threshold: 0.9, minDurationSteps: meta.alerting.minDurationSteps, clearBelow: 0.9 };
  rows.push(
    detectorRow(
      'static limits (≥ 90 % of a limit)',
      'none',
      staticLimitScores(riskModel, evaluation.fleet.hosts, evaluation.risk),
      staticRule
    )
  );

  // How much to trust the pooled figures, and where the ensemble is early or late.
  const shipped = detectorMetrics(evaluation.risk, meta.alerting);
  const uncertainty =
    `ensemble (shipped rule): event precision ${formatInterval(wilsonInterval(shipped.matchedAlerts, shipped.alerts))}, ` +
    `recall ${formatInterval(wilsonInterval(shipped.detectedEvents, shipped.events))} — Wilson intervals: with this few events a figure moves that much between fleets.`;
  const byKind = breakdownByKind(evaluation.risk, failures, meta.alerting, horizonMs);
  const kindNote = `ensemble (shipped rule) per failure kind: ${byKind.map(formatKindBreakdown).join('; ')}.`;

  const table: EvaluationTable = {
    dataset: `failure scenarios (held-out fleet: seed ${seeds.evaluation}, ${options.hosts} hosts × ${options.durationHours} h, ${failures.length} failures)`,
    horizonMinutes: horizonMs / 60_000,
    rows,
    notes: [
      `model ${meta.version} (content hash ${artifact.contentHash.slice(0, 12)} before --record adds this evaluation), tfjs ${backend}; scoring wall time and rows/s are the ensemble's (all parts are computed together).`,
      'Events are [f − H, f]; an alert counts when its first step lies in [s − H, e] (the protocol read literally, so up to 2H before f).',
      `Part thresholds were chosen on the calibration fleet (seed ${seeds.calibration}, ${options.hosts} hosts × ${options.durationHours} h), never on the scored fleet.`,
      uncertainty,
      kindNote,
      ...(exitNote ? [exitNote.note] : []),
    ],
    byFailureKind: byKind.map(({ kind, events, detected, medianLeadMinutes }) => ({
      kind,
      events,
      detected,
      medianLeadMinutes,
    })),
  };
  const json = { ...evaluationTableJson(table), ...(exitNote ? { earlyExitCheck: exitNote.check } : {}) };
  fs.mkdirSync(path.dirname(values.out!), { recursive: true });
  fs.writeFileSync(values.out!, `${JSON.stringify(json, null, 2)}\n`);
  console.log(values.json ? JSON.stringify(json) : renderEvaluationTable(table));
  if (values.record) {
    meta.evaluation = { ...meta.evaluation, scenarios: json };
    const hash = await saveArtifactDir(values.model!, riskModel.model, meta);
    console.error(`recorded in ${values.model}/sentinel.json (content hash now ${hash.slice(0, 12)})`);
  }
}
