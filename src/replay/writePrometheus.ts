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

/** Backfills with promtool, as Prometheus' documentation prescribes for history. */
export async function writePrometheus(
  target: PrometheusTarget,
  series: ReplaySeries[],
  replace: boolean
): Promise<void> {
  if (replace) {
    for (const selector of replacedSelectors(series)) {
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
