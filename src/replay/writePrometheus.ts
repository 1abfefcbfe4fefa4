import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openMetricsWindows } from './openMetrics';
import { replacedSelectors } from './selectors';
import { ReplaySeries, ReplayTargetError } from './types';

const run = promisify(execFile);
const TARGET = 'Prometheus';

export interface PrometheusTarget {
  baseUrl: string;
  /** The TSDB folder of the running Prometheus; promtool writes the new blocks into it. */
  dataDir: string;
  /** Makes Prometheus load the new blocks (it only scans its folder on start or hourly). */
  restart: () => Promise<void>;
}

/**
 * Backfills with promtool, as Prometheus' documentation prescribes for history. Refuses data that
 * reaches into Prometheus' head (see prometheusHeadStartMs): loading such a block would make
 * Prometheus drop the live data it holds there.
 */
export async function writePrometheus(
  target: PrometheusTarget,
  series: ReplaySeries[],
  replace: boolean,
  selectors: string[] = replacedSelectors(series)
): Promise<void> {
  await assertBeforePrometheusHead(target.baseUrl, series);
  if (replace) {
    for (const selector of selectors) {
      await call(target.baseUrl, `/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent(selector)}`);
    }
    await call(target.baseUrl, '/api/v1/admin/tsdb/clean_tombstones');
  }
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sentinel-replay-'));
  try {
    const files: string[] = [];
    for (const window of openMetricsWindows(series)) {
      const file = path.join(workDir, `${window.startMs}.om.txt`);
      await fs.writeFile(file, window.text);
      files.push(file);
    }
    // promtool spends most of its time in fsync (one per block), not on the CPU, so several run
    // at once even on two cores.
    const queue = [...files];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let file = queue.shift(); file; file = queue.shift()) {
          await createBlocks(file, target.dataDir);
        }
      })
    );
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
  await target.restart();
}

/** Throws when the data reaches into Prometheus' head; see writePrometheus. */
export async function assertBeforePrometheusHead(baseUrl: string, series: ReplaySeries[]): Promise<void> {
  const headStartMs = await prometheusHeadStartMs(baseUrl);
  let lastMs = -Infinity;
  for (const s of series) {
    lastMs = Math.max(lastMs, s.timestampsMs[s.timestampsMs.length - 1] ?? -Infinity);
  }
  if (headStartMs !== undefined && lastMs >= headStartMs) {
    throw new ReplayTargetError(
      TARGET,
      `the data runs to ${new Date(lastMs).toISOString()}, into Prometheus' head (its live, not yet compacted data starts at ${new Date(headStartMs).toISOString()}); ` +
        'loading a block that ends inside the head makes Prometheus truncate the head to the block\'s end, losing live data. ' +
        'End the replay before that time (scripts/replay scenario --end now picks it) or replay into victoriametrics only'
    );
  }
}

/**
 * First time held in Prometheus' head, or undefined when the head is empty. Prometheus truncates
 * its head to the end of the newest block whenever it loads blocks (tsdb's reload), so backfilled
 * history must end before this time or the live samples after it are dropped.
 */
export async function prometheusHeadStartMs(baseUrl: string): Promise<number | undefined> {
  let response: Response;
  try {
    response = await fetch(new URL('/api/v1/status/tsdb', baseUrl));
  } catch (err) {
    throw new ReplayTargetError(TARGET, `unreachable at ${baseUrl} (${(err as Error).message}); is the stack up? run scripts/stack start`);
  }
  const payload = (await response.json().catch(() => undefined)) as { data?: { headStats?: { minTime?: number; numSeries?: number } } } | undefined;
  const head = payload?.data?.headStats;
  if (!response.ok || !head || typeof head.minTime !== 'number') {
    throw new ReplayTargetError(TARGET, `/api/v1/status/tsdb answered ${response.status} without headStats.minTime; cannot tell where live data starts`);
  }
  // An empty head reports math.MaxInt64 (or nothing sensible): nothing there to lose.
  return head.numSeries === 0 || head.minTime > 8.64e15 ? undefined : head.minTime;
}

async function createBlocks(input: string, dataDir: string): Promise<void> {
  try {
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, dataDir], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new ReplayTargetError(
      TARGET,
      `promtool could not create blocks from ${path.basename(input)}: ${(e.stderr || e.message).trim().slice(0, 800)}`
    );
  }
}

async function call(baseUrl: string, path: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), { method: 'POST' });
  } catch (err) {
    throw new ReplayTargetError(
      TARGET,
      `unreachable at ${baseUrl} (${(err as Error).message}); is the stack up? run scripts/stack start`
    );
  }
  if (!response.ok) {
    throw new ReplayTargetError(
      TARGET,
      `${path.split('?')[0]} answered ${response.status}: ${(await response.text()).slice(0, 500)}`
    );
  }
}
