import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadArtifactDir } from '../artifact/artifactDir';
import { HostFeatureMatrix } from '../features/alignSeries';
import { riskModelFromArtifact } from '../loadRiskModel';
import { forecasterWeights } from '../lstm/stepwiseForecast';
import { LiveRiskScorer } from '../risk/liveRisk';
import { RiskModel, scoreHosts } from '../risk/riskEngine';
import { rowScorerKit } from '../scorers/kit';
import { RiskVectors } from './riskVectors';

const DIR = path.resolve(__dirname, '../../../testdata/golden/risk-seasonal');

/** The committed seasonal golden, loaded like any model: batch and live scoring give its risk. */
describe('a model with a seasonal baseline', () => {
  let riskModel: RiskModel;
  let vectors: RiskVectors;
  let hosts: HostFeatureMatrix[];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    riskModel = riskModelFromArtifact(await loadArtifactDir(DIR), rowScorerKit);
    vectors = JSON.parse(fs.readFileSync(path.join(DIR, 'vectors.json'), 'utf8'));
    const stepMs = riskModel.meta.stepSeconds * 1000;
    hosts = vectors.hosts.map((h) => ({
      instance: h.instance,
      features: riskModel.meta.features.map((f) => f.name),
      timestampsMs: Float64Array.from({ length: h.missing.length / riskModel.meta.features.length }, (_, t) => h.gridStartMs + t * stepMs),
      values: Float64Array.from(h.values, (v) => (v === null ? NaN : v)),
      missing: Uint8Array.from(h.missing),
    }));
  });

  it('loads and scores the committed vectors', () => {
    const result = scoreHosts(riskModel, hosts, vectors.startMs, vectors.endMs);
    result.hosts.forEach((host, h) => {
      const maxDiff = host.risk.reduce((m, v, i) => Math.max(m, Math.abs(v - vectors.expected[h].risk[i])), 0);
      expect(maxDiff).toBeLessThan(1e-9);
    });
  }, 60_000);

  it('gives the same risk step by step (live) as in one batch', () => {
    const stepMs = riskModel.meta.stepSeconds * 1000;
    const full = scoreHosts(riskModel, hosts, vectors.startMs, vectors.endMs);
    const scorer = new LiveRiskScorer(riskModel, forecasterWeights(riskModel.model));
    const primeMs = vectors.endMs - 200 * stepMs;
    scorer.advance(hosts, primeMs);
    const live = scorer.advance(hosts, vectors.endMs);
    const firstIndex = full.timestampsMs.indexOf(primeMs + stepMs);
    full.hosts.forEach((host) => {
      const points = live.get(host.instance)!;
      expect(points).toHaveLength(200);
      points.forEach((p, j) => expect(Math.abs(p.risk - host.risk[firstIndex + j])).toBeLessThan(1e-5));
    });
  }, 60_000);
});
