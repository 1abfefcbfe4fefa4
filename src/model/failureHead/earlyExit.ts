/**
 * Chooses the failure head's early exit (boostedTrees.ts) on the calibration fleet's rows: after how
 * many trees, and below which log-odds, a row may stop. The rule is that no calibration row the full
 * head scores at `safeProbability` or more stops early (with `marginLogit` to spare), and that a row
 * which stops cannot reach the alert's clearing level; among the candidate tree counts the one with
 * the fewest trees walked per row wins.
 *
 * Why it is safe for alerts: an alert episode only reads whether risk is at or above the threshold
 * and the clearing level. A row that stops early has risk below sigmoid(belowLogit), under the
 * clearing level, and on the calibration rows its full risk was under `safeProbability`, also under
 * the clearing level. So episodes are the same with and without the exit there. A new fleet can reach
 * below the calibration fleet's lowest partial sum, which is what the margin is for; `sentinel
 * evaluate` reports how the exit held on the held-out fleet (earlyExitCheck.ts).
 */
import { BoostedTrees, checkpointLogits, EarlyExit } from './boostedTrees';

export interface EarlyExitOptions {
  /** Tree counts to try (each < the number of trees). */
  candidates: number[];
  /** No calibration row whose full probability reaches this may stop early. */
  safeProbability: number;
  /** Log-odds kept below the lowest partial sum of those rows. */
  marginLogit: number;
  /** The alert's clearing level: a stopped row's risk must stay below it. */
  clearBelow: number;
}

export interface EarlyExitChoice {
  earlyExit: EarlyExit;
  /** Share of the calibration rows that walk every tree. */
  passShare: number;
  /** Trees walked per calibration row on average (all trees without the exit). */
  treesPerRow: number;
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The best early exit for these rows, or undefined if none saves work. Rows come in blocks (one per
 * host: row-major, model.features columns) so that a fleet's inputs need not sit in memory at once.
 */
export function chooseEarlyExit(
  model: BoostedTrees,
  rowBlocks: Iterable<Float64Array>,
  options: EarlyExitOptions
): EarlyExitChoice | undefined {
  const T = model.trees.length;
  const candidates = [...new Set(options.candidates)].filter((k) => k >= 1 && k < T).sort((a, b) => a - b);
  if (candidates.length === 0) {
    return undefined;
  }
  const blocks = Array.from(rowBlocks, (rows) => checkpointLogits(model, rows, [...candidates, T]));
  const sums = candidates.concat(T).map((_, c) => concat(blocks.map((b) => b[c])));
  const full = sums[candidates.length];
  const n = full.length;
  const safeLogit = logit(options.safeProbability);
  const ceiling = logit(options.clearBelow);
  let best: EarlyExitChoice | undefined;
  candidates.forEach((k, c) => {
    const partial = sums[c];
    let lowest = Infinity;
    for (let i = 0; i < n; i++) {
      if (full[i] >= safeLogit && partial[i] < lowest) {
        lowest = partial[i];
      }
    }
    if (lowest === Infinity) {
      return; // no row comes near an alert: nothing says where stopping is safe
    }
    const belowLogit = Math.min(lowest - options.marginLogit, ceiling);
    let pass = 0;
    for (let i = 0; i < n; i++) {
      if (partial[i] >= belowLogit) {
        pass++;
      }
    }
    const passShare = n === 0 ? 1 : pass / n;
    const treesPerRow = k + passShare * (T - k);
    if (treesPerRow < (best?.treesPerRow ?? T)) {
      best = { earlyExit: { trees: k, belowLogit }, passShare, treesPerRow };
    }
  });
  return best;
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
