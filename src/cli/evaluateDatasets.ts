/**
 * sentinel evaluate --dataset smd|asd|nab — the evaluation protocol on the shared real datasets
 * (../shared/datasets), with models trained per machine (SMD, ASD) or per file (NAB) on those datasets'
 * training parts only. Prints the tables and writes reports/evaluation-<dataset>.json.
 *
 *   sentinel evaluate --dataset smd [--only machine-1-2,…] [--epochs 4] [--seed 7] [--out …]
 *   sentinel evaluate --dataset asd [--only omi-1,…] [--epochs 4] [--seed 7] [--out …]
 *   sentinel evaluate --dataset nab [--only realKnownCause/nyc_taxi.csv,…] [--epochs N] [--seed 7] [--out …]
 */
import fs from 'node:fs';
import path from 'node:path';
import { EventMetrics, poolEventMetrics } from '../model/eval/eventMetrics';
import { DEFAULT_NAB_DIR, readNabDataFile, readNabProfiles, readNabWindows } from '../model/eval/nabCorpus';
import {
  evaluateNabFile,
  NAB_DETECTORS,
  NAB_EVALUATION_DEFAULTS,
  NabEvaluationOptions,
  nabEventMetrics,
  NabFileInput,
  nabSeriesOf,
} from '../model/eval/nabEvaluation';
import { nabScore, NabSeries, NAB_PROFILE_NAMES } from '../model/eval/nabScorer';
import { bestNabOverThresholds, NabRescorable } from '../model/eval/nabThresholdSearch';
import {
  evaluationRow,
  evaluationTableJson,
  EvaluationTable,
  macroAverageTable,
  NabScores,
  renderEvaluationTable,
} from '../model/eval/report';
import {
  ASD_FORMAT,
  DEFAULT_ASD_DATASET_DIR,
  DEFAULT_SMD_DATASET_DIR,
  listSmdMachines,
  MachineDatasetFormat,
  readSmdMachine,
  SMD_FORMAT,
} from '../model/eval/smdDataset';
import {
  ASD_EVALUATION_DEFAULTS,
  evaluateSmdMachine,
  SMD_EVALUATION_DEFAULTS,
  SmdEvaluationOptions,
} from '../model/eval/smdEvaluation';
import { rowScorerKit } from '../model/scorers/kit';
import { CalibrationCombine } from '../model/risk/calibration';
import { CalibrationRows, PartWeighting, ThresholdMethod } from '../model/training/unlabelledModel';

export interface DatasetEvaluationArgs {
  dir?: string;
  /** Comma-separated machines (SMD) or files (NAB); all when absent. */
  only?: string;
  epochs?: number;
  seed?: number;
  out: string;
  json: boolean;
  backend: string;
  log: (message: string) => void;
}

export interface SmdReport extends ReturnType<typeof evaluationTableJson> {
  perMachine: EvaluationTable[];
  settings: SmdEvaluationOptions;
}

/** The datasets in SMD's layout: where they are, their row spacing and their evaluation settings. */
const MACHINE_DATASETS: Record<
  'smd' | 'asd',
  { dir: string; format: MachineDatasetFormat; defaults: SmdEvaluationOptions }
> = {
  smd: { dir: DEFAULT_SMD_DATASET_DIR, format: SMD_FORMAT, defaults: SMD_EVALUATION_DEFAULTS },
  asd: { dir: DEFAULT_ASD_DATASET_DIR, format: ASD_FORMAT, defaults: ASD_EVALUATION_DEFAULTS },
};

/** SMD or ASD (the same layout): one model per machine, trained on its train/ split. */
export async function evaluateSmd(args: DatasetEvaluationArgs, dataset: 'smd' | 'asd' = 'smd'): Promise<SmdReport> {
  const { format, defaults } = MACHINE_DATASETS[dataset];
  const dir = args.dir ?? MACHINE_DATASETS[dataset].dir;
  const machines = args.only ? args.only.split(',').map((m) => m.trim()) : listSmdMachines(dir);
  if (machines.length === 0) {
    throw new Error(`no ${format.name} machine in ${dir}; check --dir`);
  }
  const options: SmdEvaluationOptions = {
    ...defaults,
    seed: args.seed ?? defaults.seed,
    model: { ...defaults.model, epochs: args.epochs ?? defaults.model.epochs },
  };
  const started = Date.now();
  const tables: EvaluationTable[] = [];
  let trainSeconds = 0;
  const columns = new Set<number>();
  for (const machine of machines) {
    const m = readSmdMachine(machine, dir, Infinity, format);
    columns.add(m.columns.length);
    const result = await evaluateSmdMachine(m, options, rowScorerKit);
    trainSeconds += result.trainSeconds;
    tables.push(result.table);
    if (!args.json) {
      args.log(renderEvaluationTable(result.table));
    }
  }
  const macro = macroAverageTable(
    tables,
    `${format.name} macro average over ${machines.length} machines (${machines.join(', ')})`
  );
  const { model } = options;
  macro.notes.push(
    `Model: one per machine, on its own ${[...columns].join('/')} columns (protocol: per machine). Fitted on ` +
      `${fitNote(options.fitShare)} of the machine's train/ split; calibration (label-free: each part standardised by its ` +
      `median and 99th percentile there, ${weightingNote(model.partWeighting, model.partCombination)}) and every threshold chosen on ${calibrationNote(options, 'train/')} ` +
      `${thresholdNote(model.thresholdMethod, model.holdoutFiringRate)}. ` +
      'The simple 3σ-style baseline keeps the firing-rate rule (lowest threshold flagging at most ' +
      `${model.holdoutFiringRate * 100} % of the calibration steps). No test label is used before scoring` +
      (dataset === 'asd'
        ? ", except that the POT q (shared with SMD) was chosen on ASD's test labels: ASD is that rule's validation set, not held out."
        : '; the POT q was chosen on ASD (its validation set).'),
    `LSTM ${model.units} units, ${model.epochs} epochs, sequences of ${model.warmupSteps} + ${model.chunkSteps} steps; ` +
      `Isolation Forest 100 trees; alert rule ${model.minDurationSteps} step(s), hysteresis ${model.hysteresis * 100} %; H = ${model.horizonSteps} steps (${model.stepSeconds / 60}-min rows). tfjs ${args.backend}.`,
    "F1 and F1 PA: point-wise on the alert rule's firing state at the fixed threshold, without and with point-adjust; " +
      'ev.F1 from event precision/recall with events = runs of label 1.',
    `Wall time: ${((Date.now() - started) / 1000).toFixed(0)} s for the whole command, ${trainSeconds.toFixed(0)} s of it training; the table's wall s and rows/s are test scoring only.`
  );
  const report: SmdReport = { ...evaluationTableJson(macro), perMachine: tables, settings: options };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(args.json ? JSON.stringify(report) : renderEvaluationTable(macro));
  return report;
}

/** The share of the training rows the model was fitted on, in words. */
function fitNote(fitShare: number): string {
  return fitShare >= 1 ? 'all' : `the first ${Math.round(fitShare * 100)} %`;
}

/** The rows calibration and thresholds were set on, in words; `rows` names the training rows. */
function calibrationNote(
  options: { calibrationRows: CalibrationRows; fitShare: number; model: { warmupSteps: number } },
  rows: string
): string {
  return options.calibrationRows === 'heldOut'
    ? `the last ${Math.round(100 - options.fitShare * 100)} % of ${rows}`
    : `all of ${rows} after the first ${options.model.warmupSteps} (the model's warm-up; in-sample where the model was fitted)`;
}

function weightingNote(weighting: PartWeighting | undefined, combine: CalibrationCombine | undefined): string {
  if (combine === 'median') {
    return 'the parts vote: risk from the median of the standardised parts, so one part alone above its q99 does not raise it';
  }
  return weighting === 'reliability'
    ? "parts weighted by reliability: ∝ 1 / their false-firing rate on the calibration steps, the share of the second half of them above the first half's 99th percentile, floored at 1 %"
    : 'equal weights';
}

function thresholdNote(method: ThresholdMethod | undefined, rate: number): string {
  return method?.kind === 'pot'
    ? `by peaks-over-threshold: GPD (probability-weighted moments) fitted to the calibration scores above their ${method.level * 100}th percentile, threshold = the score exceeded with probability q = ${method.q} (the ensemble's on the risk's log-odds)`
    : `as the lowest whose rule flags at most ${rate * 100} % of those steps`;
}

export interface NabReport extends ReturnType<typeof evaluationTableJson> {
  files: Array<{
    name: string;
    rows: number;
    probationaryRows: number;
    stepSeconds: number;
    threshold: number;
    alerts: number[];
    trainSeconds: number;
  }>;
  settings: NabEvaluationOptions;
}

function nabFeaturesNote(features: NabEvaluationOptions['features']): string {
  return features.kind === 'raw'
    ? 'the value and its first difference'
    : `the value and its first difference, each as a causal rolling robust z against the median and MAD of its previous ${features.window} rows (clipped at ±${features.clip}; online normalisation, which NAB allows)`;
}

export async function evaluateNab(args: DatasetEvaluationArgs): Promise<NabReport> {
  const dir = args.dir ?? DEFAULT_NAB_DIR;
  const windows = readNabWindows(dir);
  const names = args.only ? args.only.split(',').map((f) => f.trim()) : [...windows.keys()];
  const options: NabEvaluationOptions = {
    ...NAB_EVALUATION_DEFAULTS,
    seed: args.seed ?? NAB_EVALUATION_DEFAULTS.seed,
    model: { ...NAB_EVALUATION_DEFAULTS.model, epochs: args.epochs ?? NAB_EVALUATION_DEFAULTS.model.epochs },
  };
  const profiles = readNabProfiles(dir);
  const started = Date.now();
  const corpora: NabSeries[][] = NAB_DETECTORS.map(() => []);
  const events: EventMetrics[][] = NAB_DETECTORS.map(() => []);
  const files: NabReport['files'] = [];
  const rescorable: NabRescorable[] = [];
  let scoreSeconds = 0;
  let trainSeconds = 0;
  let rows = 0;
  for (const [k, name] of names.entries()) {
    const limits = windows.get(name);
    if (!limits) {
      throw new Error(
        `NAB file ${name} has no entry in labels/combined_windows.json; names look like realKnownCause/nyc_taxi.csv`
      );
    }
    const data = readNabDataFile(name, dir);
    const file: NabFileInput = { ...data, windows: limits };
    const result = await evaluateNabFile(file, options, rowScorerKit);
    rescorable.push({ file, scores: result.ensembleRisk, suppressRows: result.suppressRows });
    result.outputs.forEach((output, d) => {
      corpora[d].push(nabSeriesOf(file, output));
      events[d].push(nabEventMetrics(file, result.probationaryRows, output.firing));
    });
    scoreSeconds += result.scoreSeconds;
    trainSeconds += result.trainSeconds;
    rows += result.rows;
    files.push({
      name,
      rows: result.rows,
      probationaryRows: result.probationaryRows,
      stepSeconds: result.stepSeconds,
      threshold: result.rule.threshold,
      alerts: result.outputs.map((o) => o.anomalyScores.subarray(result.probationaryRows).reduce((a, b) => a + b, 0)),
      trainSeconds: result.trainSeconds,
    });
    if (!args.json) {
      args.log(
        `[${k + 1}/${names.length}] ${name}: ${files[files.length - 1].alerts[0]} alerts after probation (${result.trainSeconds.toFixed(1)} s)`
      );
    }
  }
  // The ensemble at NAB's scoreboard threshold (best over the corpus, labels used): a separate figure.
  const search = bestNabOverThresholds(rescorable, options.model, profiles);
  const bestNab = Object.fromEntries(NAB_PROFILE_NAMES.map((p) => [p, search.best[p].score])) as NabScores;
  const tableRows = NAB_DETECTORS.map((detector, d) => {
    const nab = Object.fromEntries(
      NAB_PROFILE_NAMES.map((p) => [p, nabScore(corpora[d], 0.5, profiles[p]).normalised])
    ) as NabScores;
    return evaluationRow({
      detector,
      training: d === 4 ? 'none' : 'per file, probationary rows',
      events: poolEventMetrics(events[d]),
      timeUnitMs: 1,
      nab,
      bestNab: d === 0 ? bestNab : undefined,
      timing: { wallTimeSeconds: scoreSeconds, rows },
    });
  });
  const { model } = options;
  const subset =
    names.length === windows.size
      ? `all ${names.length} files`
      : `${names.length} of ${windows.size} files (${names.join(', ')})`;
  const table: EvaluationTable = {
    dataset: `NAB, ${subset}`,
    horizonMinutes: 15,
    rows: tableRows,
    notes: [
      `Model: one per file (univariate: ${nabFeaturesNote(options.features)}), trained on ${fitNote(options.fitShare)} of the file's probationary rows ` +
        `(NAB's min(15 %, 750)); label-free calibration (${weightingNote(model.partWeighting, model.partCombination)}) and every threshold on ${calibrationNote(options, 'its probationary rows')}, ` +
        `${thresholdNote(model.thresholdMethod, model.holdoutFiringRate)}. No label is used before scoring.`,
      options.suppressFraction > 0
        ? `Alert suppression (every detector): after an alert, alerts starting within ${options.suppressFraction * 100} % of the file's rows are dropped ` +
          '(a fixed fraction chosen a priori, not on the scored data and not from the label count; NAB rewards one detection per window).'
        : 'No alert suppression.',
      "NAB scores: a detection is an alert's first step (anomaly score 1, else 0), scored by NAB's scorer at 0.5; normalised between the null and the perfect detector. " +
        "NAB's published scoreboard instead optimises each detector's threshold on the scored corpus, which the protocol forbids; " +
        `the ensemble's figure of that kind is the separate best NAB column: one risk threshold for all files, the best of ${search.candidates} ` +
        `(quantiles of the pooled risk; standard ${search.best.standard.threshold.toPrecision(4)}, low-FP ${search.best.reward_low_FP_rate.threshold.toPrecision(4)}, ` +
        `low-FN ${search.best.reward_low_FN_rate.threshold.toPrecision(4)}; low-FP ${bestNab.reward_low_FP_rate.toFixed(1)}, low-FN ${bestNab.reward_low_FN_rate.toFixed(1)}), ` +
        'with the same minimum duration, hysteresis and suppression.',
      `LSTM ${model.units} units, ${model.epochs} epochs, sequences of ${model.warmupSteps} + ${model.chunkSteps} rows; H = 15 min (event figures on the files' own times, rows after probation). tfjs ${args.backend}.`,
      `Wall time: ${((Date.now() - started) / 1000).toFixed(0)} s for the whole command, ${trainSeconds.toFixed(0)} s of it training; the table's wall s and rows/s are scoring only.`,
    ],
  };
  const report: NabReport = { ...evaluationTableJson(table), files, settings: options };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(args.json ? JSON.stringify(report) : renderEvaluationTable(table));
  return report;
}
