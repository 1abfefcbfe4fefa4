import * as fs from 'fs';
import * as path from 'path';
import { sentinelJsonSchema } from '../artifact/sentinelJson';
import { boostedLogits } from './boostedTrees';
import {
  failureHeadFromJson,
  failureHeadIssues,
  failureHeadSchema,
  failureHeadToJson,
  FailureHead,
} from './failureHeadJson';
import { DEFAULT_HEAD_INPUTS, headFeatureCount } from './headFeatures';
import { trainBoostedTrees } from './trainBoostedTrees';

const F = 3;
const K = headFeatureCount(F, DEFAULT_HEAD_INPUTS);

function head(): FailureHead {
  const rows = Float64Array.from({ length: 300 * K }, (_, i) => Math.sin(i * 0.37) + (i % 7 === 0 ? NaN : 0));
  const labels = Uint8Array.from({ length: 300 }, (_, r) => (Math.sin(r * 0.37 * K) > 0.2 ? 1 : 0));
  return {
    inputs: DEFAULT_HEAD_INPUTS,
    labelWindowSteps: 90,
    trees: trainBoostedTrees(rows, K, labels, { iterations: 5 }),
  };
}

describe('failure head in sentinel.json', () => {
  it('survives JSON text unchanged: the same log-odds after a round trip', () => {
    const h = head();
    const text = JSON.stringify(failureHeadToJson(h));
    const back = failureHeadFromJson(failureHeadSchema.parse(JSON.parse(text)));
    const rows = Float64Array.from({ length: 20 * K }, (_, i) => Math.cos(i) * 2);
    expect(Array.from(boostedLogits(back.trees, rows))).toEqual(Array.from(boostedLogits(h.trees, rows)));
    expect(failureHeadIssues(failureHeadSchema.parse(JSON.parse(text)), F, 60)).toEqual([]);
  });

  it('names what is wrong: spans beyond the warm-up, input counts, inputs and children out of range', () => {
    const json = failureHeadToJson(head());
    expect(failureHeadIssues(json, F, 39).map(([p]) => p.join('.'))).toEqual([
      'inputs.slopeSteps.2',
      'inputs.rangeSteps',
    ]);
    expect(failureHeadIssues(json, F + 1, 60)[0][1]).toMatch(/4 features and these spans give/);
    const tree = json.trees.trees[0];
    const inner = tree.feature.findIndex((f) => f >= 0);
    const badInput = structuredClone(json);
    badInput.trees.trees[0].feature[inner] = K;
    expect(failureHeadIssues(badInput, F, 60)[0]).toEqual([
      ['trees', 'trees', 0, 'feature', inner],
      `input ${K}; the head has ${K}`,
    ]);
    const loop = structuredClone(json);
    loop.trees.trees[0].left[inner] = inner; // would walk forever
    expect(failureHeadIssues(loop, F, 60)[0][1]).toMatch(/must be later nodes/);
    const short = structuredClone(json);
    short.trees.trees[0].value.pop();
    expect(failureHeadIssues(short, F, 60)[0][0]).toEqual(['trees', 'trees', 0, 'value']);
    expect(failureHeadSchema.safeParse({ ...json, labelWindowSteps: 0 }).success).toBe(false);
    const exitTooLate = structuredClone(json);
    exitTooLate.trees.earlyExit = { trees: json.trees.trees.length, belowLogit: -3 };
    expect(failureHeadIssues(exitTooLate, F, 60)).toEqual([
      [['trees', 'earlyExit', 'trees'], `${json.trees.trees.length} must be fewer than the 5 trees`],
    ]);
    const badExit = { ...json, trees: { ...json.trees, earlyExit: { trees: 2, belowLogit: NaN } } };
    expect(failureHeadSchema.safeParse(badExit).success).toBe(false);
  });

  it('keeps an early exit through JSON text, and scores with it', () => {
    const h = head();
    h.trees.earlyExit = { trees: 2, belowLogit: 0.1 };
    const back = failureHeadFromJson(failureHeadSchema.parse(JSON.parse(JSON.stringify(failureHeadToJson(h)))));
    expect(back.trees.earlyExit).toEqual({ trees: 2, belowLogit: 0.1 });
    const rows = Float64Array.from({ length: 20 * K }, (_, i) => Math.cos(i) * 2);
    expect(Array.from(boostedLogits(back.trees, rows))).toEqual(Array.from(boostedLogits(h.trees, rows)));
  });

  it("is checked with the rest of sentinel.json, against that model's features and warm-up", () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../models/default/sentinel.json'), 'utf8'));
    const features = shipped.features.length;
    const rows = Float64Array.from({ length: 200 * headFeatureCount(features, DEFAULT_HEAD_INPUTS) }, (_, i) =>
      Math.sin(i)
    );
    const Kf = headFeatureCount(features, DEFAULT_HEAD_INPUTS);
    const labels = Uint8Array.from({ length: 200 }, (_, r) => (r % 3 === 0 ? 1 : 0));
    const fitted = failureHeadToJson({
      inputs: DEFAULT_HEAD_INPUTS,
      labelWindowSteps: 90,
      trees: trainBoostedTrees(rows, Kf, labels, { iterations: 3 }),
    });
    expect(sentinelJsonSchema.safeParse({ ...shipped, failureHead: fitted }).success).toBe(true);
    expect(sentinelJsonSchema.parse({ ...shipped, failureHead: null }).failureHead).toBeUndefined();
    const tooLong = sentinelJsonSchema.safeParse({
      ...shipped,
      failureHead: { ...fitted, inputs: { slopeSteps: [8], rangeSteps: 200 } },
    });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error!.issues.map((i) => i.path.join('.'))).toContain('failureHead.inputs.rangeSteps');
  });
});
