/**
 * The supervised failure head as sentinel.json holds it (`failureHead`, optional): the input spans,
 * the label window it was trained on, and its trees as plain arrays. Both runtimes check it the same
 * way (pkg/model/failurehead.go): every inner node tests an input the head has and points at later
 * nodes only, so walking a tree always ends at a leaf.
 */
import { z } from 'zod';
import { BoostedTrees } from './boostedTrees';
import { headFeatureCount, HeadInputSpec } from './headFeatures';

const finite = z.number().finite();
const stepCount = z.number().int().positive();

const treeSchema = z.object({
  feature: z.array(z.number().int().gte(-1)).min(1),
  threshold: z.array(finite),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  missingLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  value: z.array(finite),
});

export const failureHeadSchema = z.object({
  inputs: z.object({ slopeSteps: z.array(stepCount).min(1), rangeSteps: z.number().int().gte(2) }),
  /** Steps before a failure the head was trained to call positive (documentation; scoring does not use it). */
  labelWindowSteps: stepCount,
  trees: z.object({
    features: stepCount,
    bias: finite,
    trees: z.array(treeSchema).min(1),
    /** Optional cascade (boostedTrees.ts): rows below belowLogit after `trees` trees stop there. */
    earlyExit: z.object({ trees: stepCount, belowLogit: finite }).optional(),
  }),
});

export type FailureHeadJson = z.infer<typeof failureHeadSchema>;

export interface FailureHead {
  inputs: HeadInputSpec;
  labelWindowSteps: number;
  trees: BoostedTrees;
}

type Issue = [Array<string | number>, string];

/** What is wrong with a parsed head for a model of `features` features and `warmupSteps` warm-up. */
export function failureHeadIssues(head: FailureHeadJson, features: number, warmupSteps: number): Issue[] {
  const issues: Issue[] = [];
  head.inputs.slopeSteps.forEach((w, i) => {
    if (w > warmupSteps) {
      issues.push([['inputs', 'slopeSteps', i], `${w} exceeds streaming.warmupSteps (${warmupSteps})`]);
    }
  });
  if (head.inputs.rangeSteps > warmupSteps + 1) {
    issues.push([
      ['inputs', 'rangeSteps'],
      `${head.inputs.rangeSteps} exceeds streaming.warmupSteps + 1 (${warmupSteps + 1})`,
    ]);
  }
  const K = headFeatureCount(features, head.inputs);
  if (head.trees.features !== K) {
    issues.push([
      ['trees', 'features'],
      `${head.trees.features}; ${features} features and these spans give ${K} inputs`,
    ]);
  }
  const exit = head.trees.earlyExit;
  if (exit && exit.trees >= head.trees.trees.length) {
    issues.push([
      ['trees', 'earlyExit', 'trees'],
      `${exit.trees} must be fewer than the ${head.trees.trees.length} trees`,
    ]);
  }
  head.trees.trees.forEach((tree, t) => {
    const n = tree.feature.length;
    for (const key of ['threshold', 'left', 'right', 'missingLeft', 'value'] as const) {
      if (tree[key].length !== n) {
        issues.push([['trees', 'trees', t, key], `${tree[key].length} entries for ${n} nodes`]);
        return;
      }
    }
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i];
      if (f >= K) {
        issues.push([['trees', 'trees', t, 'feature', i], `input ${f}; the head has ${K}`]);
      } else if (f >= 0 && !(tree.left[i] > i && tree.left[i] < n && tree.right[i] > i && tree.right[i] < n)) {
        issues.push([
          ['trees', 'trees', t, 'left', i],
          `children ${tree.left[i]}, ${tree.right[i]} must be later nodes of ${n}`,
        ]);
      }
    }
  });
  return issues;
}

export function failureHeadFromJson(head: FailureHeadJson): FailureHead {
  return {
    inputs: { slopeSteps: [...head.inputs.slopeSteps], rangeSteps: head.inputs.rangeSteps },
    labelWindowSteps: head.labelWindowSteps,
    trees: {
      features: head.trees.features,
      bias: head.trees.bias,
      ...(head.trees.earlyExit ? { earlyExit: { ...head.trees.earlyExit } } : {}),
      trees: head.trees.trees.map((t) => ({
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        missingLeft: Uint8Array.from(t.missingLeft),
        value: Float64Array.from(t.value),
      })),
    },
  };
}

export function failureHeadToJson(head: FailureHead): FailureHeadJson {
  return {
    inputs: { slopeSteps: [...head.inputs.slopeSteps], rangeSteps: head.inputs.rangeSteps },
    labelWindowSteps: head.labelWindowSteps,
    trees: {
      features: head.trees.features,
      bias: head.trees.bias,
      ...(head.trees.earlyExit ? { earlyExit: { ...head.trees.earlyExit } } : {}),
      trees: head.trees.trees.map((t) => ({
        feature: Array.from(t.feature),
        threshold: Array.from(t.threshold),
        left: Array.from(t.left),
        right: Array.from(t.right),
        missingLeft: Array.from(t.missingLeft, (v) => (v ? 1 : 0)),
        value: Array.from(t.value),
      })),
    },
  };
}
