/**
 * Isolation Forest <-> plain JSON (format in ./isolationForest.ts). fromJSON is the gate for artifacts
 * read from disk, so it checks everything scoring relies on and names the first field that is wrong:
 *   - kind "isolation-forest", version 1, features >= 1, sampleSize >= 2, maxDepth >= 0, seed null or integer;
 *   - every tree: five arrays of one length n >= 1, all entries numbers;
 *   - internal node i: integer feature in [0, features), finite threshold, children integers with
 *     i < child < n and left != right; leaf: feature -1, left = right = -1, finite threshold;
 *   - every node but the root has exactly one parent (with children after parents: no cycles, no orphans);
 *   - depth <= maxDepth; size[0] = sampleSize; leaf size >= 1; size[i] = size[left] + size[right].
 * The Go runtime applies the same checks.
 */
import { IsolationForestFormatError } from './errors';
import { IsolationForest, IsolationTree } from './isolationForest';

export const ISOLATION_FOREST_FORMAT_VERSION = 1;

export interface IsolationTreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  size: number[];
}

export interface IsolationForestJSON {
  kind: 'isolation-forest';
  version: number;
  features: number;
  sampleSize: number;
  maxDepth: number;
  seed: number | null;
  trees: IsolationTreeJSON[];
}

export function toJSON(forest: IsolationForest): IsolationForestJSON {
  return {
    kind: 'isolation-forest',
    version: ISOLATION_FOREST_FORMAT_VERSION,
    features: forest.features,
    sampleSize: forest.sampleSize,
    maxDepth: forest.maxDepth,
    seed: forest.seed,
    trees: forest.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      left: Array.from(t.left),
      right: Array.from(t.right),
      size: Array.from(t.size),
    })),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function integerField(obj: Record<string, unknown>, key: string, min: number): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new IsolationForestFormatError(key, `expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

const TREE_KEYS = ['feature', 'threshold', 'left', 'right', 'size'] as const;

function parseTree(value: unknown, t: number, features: number, sampleSize: number, maxDepth: number): IsolationTree {
  const at = `trees[${t}]`;
  if (!isObject(value)) {
    throw new IsolationForestFormatError(at, 'expected an object with feature, threshold, left, right and size arrays');
  }
  const first = value.feature;
  const n = Array.isArray(first) ? first.length : -1;
  if (n < 1) {
    throw new IsolationForestFormatError(`${at}.feature`, 'expected a non-empty array');
  }
  for (const key of TREE_KEYS) {
    const arr = value[key];
    if (!Array.isArray(arr) || arr.length !== n) {
      throw new IsolationForestFormatError(`${at}.${key}`, `expected an array of ${n} nodes (as many as feature)`);
    }
    for (let i = 0; i < n; i++) {
      if (typeof arr[i] !== 'number' || !Number.isFinite(arr[i])) {
        throw new IsolationForestFormatError(
          `${at}.${key}[${i}]`,
          `expected a finite number, got ${JSON.stringify(arr[i])}`
        );
      }
    }
  }
  const tree: IsolationTree = {
    feature: Int32Array.from(value.feature as number[]),
    threshold: Float64Array.from(value.threshold as number[]),
    left: Int32Array.from(value.left as number[]),
    right: Int32Array.from(value.right as number[]),
    size: Int32Array.from(value.size as number[]),
  };
  const raw = value as unknown as IsolationTreeJSON;
  const parents = new Int32Array(n);
  const depth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = raw.feature[i];
    const l = raw.left[i];
    const r = raw.right[i];
    const s = raw.size[i];
    const node = `${at} node ${i}`;
    if (!Number.isInteger(f) || f < -1 || f >= features) {
      throw new IsolationForestFormatError(node, `feature ${f} is not -1 (leaf) or a feature index below ${features}`);
    }
    if (!Number.isInteger(s) || s < 1) {
      throw new IsolationForestFormatError(node, `size ${s} is not a positive integer`);
    }
    if (f === -1) {
      if (l !== -1 || r !== -1) {
        throw new IsolationForestFormatError(node, `a leaf must have left = right = -1, got ${l} and ${r}`);
      }
      continue;
    }
    for (const [side, c] of [
      ['left', l],
      ['right', r],
    ] as const) {
      if (!Number.isInteger(c) || c <= i || c >= n) {
        throw new IsolationForestFormatError(
          node,
          `${side} child ${c} must be an index after the node and below ${n} (children follow parents; no cycles)`
        );
      }
      parents[c]++;
      if (parents[c] > 1) {
        throw new IsolationForestFormatError(node, `node ${c} has more than one parent`);
      }
      depth[c] = depth[i] + 1;
      if (depth[c] > maxDepth) {
        throw new IsolationForestFormatError(node, `child ${c} is at depth ${depth[c]}, beyond maxDepth ${maxDepth}`);
      }
    }
    if (l === r) {
      throw new IsolationForestFormatError(node, `left and right are both ${l}`);
    }
    if (s !== raw.size[l] + raw.size[r]) {
      throw new IsolationForestFormatError(
        node,
        `size ${s} is not size(left) + size(right) = ${raw.size[l] + raw.size[r]}`
      );
    }
  }
  for (let i = 1; i < n; i++) {
    if (parents[i] !== 1) {
      throw new IsolationForestFormatError(`${at} node ${i}`, 'is not reachable from the root');
    }
  }
  if (raw.size[0] !== sampleSize) {
    throw new IsolationForestFormatError(
      `${at} node 0`,
      `root size ${raw.size[0]} differs from sampleSize ${sampleSize}`
    );
  }
  return tree;
}

/**
 * Parses and checks a serialised forest. With `expectFeatures`, also refuses a forest trained on a
 * different number of features than the artifact's feature spec declares.
 */
export function fromJSON(value: unknown, expectFeatures?: number): IsolationForest {
  if (!isObject(value)) {
    throw new IsolationForestFormatError('(root)', 'expected an object');
  }
  if (value.kind !== 'isolation-forest') {
    throw new IsolationForestFormatError('kind', `expected "isolation-forest", got ${JSON.stringify(value.kind)}`);
  }
  if (value.version !== ISOLATION_FOREST_FORMAT_VERSION) {
    throw new IsolationForestFormatError(
      'version',
      `this runtime reads version ${ISOLATION_FOREST_FORMAT_VERSION}, got ${JSON.stringify(value.version)}`
    );
  }
  const features = integerField(value, 'features', 1);
  if (expectFeatures !== undefined && features !== expectFeatures) {
    throw new IsolationForestFormatError(
      'features',
      `the forest was trained on ${features} features but the model declares ${expectFeatures}`
    );
  }
  const sampleSize = integerField(value, 'sampleSize', 2);
  const maxDepth = integerField(value, 'maxDepth', 0);
  const seed = value.seed === null ? null : integerField(value, 'seed', 0);
  if (!Array.isArray(value.trees) || value.trees.length === 0) {
    throw new IsolationForestFormatError('trees', 'expected a non-empty array');
  }
  const trees = value.trees.map((t, i) => parseTree(t, i, features, sampleSize, maxDepth));
  return { kind: 'isolation-forest', features, sampleSize, maxDepth, seed, trees };
}
