/**
 * Browser benchmark of the risk panel (headless Chromium, the built plugin): the full timeline for
 * 20 hosts × 6 h at 15 s steps, and a live refresh (one new step for 20 hosts, state carried),
 * each as p50/p95 over repeated runs, with the tfjs backend used, the longest main-thread task
 * while computing, and the plugin's bundle sizes. Prints figures; asserts nothing about speed.
 *   npx tsx tests/browser/bench.ts [--runs 5] [--refreshes 40]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { ids, ROOT, startHarness } from './harness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const REFRESHES = arg('refreshes', 40);
const HOSTS = 20;
const STEP_MS = 15_000;
const HOURS = 6;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function runId(page: Page): Promise<number> {
  return Number((await page.locator(ids.container).getAttribute('data-last-run-id').catch(() => '0')) ?? 0);
}

async function waitForRun(page: Page, after: number): Promise<{ mode: string; ms: number; forecastMs: number; scoringMs: number }> {
  await page.waitForFunction(
    ({ sel, after }) => Number(document.querySelector(sel)?.getAttribute('data-last-run-id') ?? 0) > after,
    { sel: ids.container, after },
    { timeout: 120_000 }
  );
  const el = page.locator(ids.container);
  return {
    mode: (await el.getAttribute('data-last-run-mode')) ?? '',
    ms: Number(await el.getAttribute('data-last-run-ms')),
    forecastMs: Number(await el.getAttribute('data-forecast-ms')),
    scoringMs: Number(await el.getAttribute('data-scoring-ms')),
  };
}

async function main() {
  const h = await startHarness(process.env.SENTINEL_PROM_URL ?? 'http://127.0.0.1:19090');
  try {
    const page = await h.newPage();
    const end = Math.floor(Date.now() / STEP_MS) * STEP_MS - 3600_000;
    const start = end - HOURS * 3600_000;
    const full: number[] = [];
    const forecastParts: number[] = [];
    const scoringParts: number[] = [];
    const fullWall: number[] = [];
    const longest: number[] = [];
    let backend = '';
    for (let r = 0; r < RUNS + 1; r++) {
      const before = await runId(page);
      await page.evaluate(() => (window.sentinelHost.longTasks.length = 0));
      const t0 = Date.now();
      // A different host selector forces a full recomputation (it is part of the panel's cache key).
      await page.evaluate((req) => window.sentinelHost.renderSynthetic(req), { hosts: HOSTS, fromMs: start, toMs: end, stepMs: STEP_MS, options: { hostSelector: `run="${r}"`, maxHosts: HOSTS } });
      const run = await waitForRun(page, before);
      if (run.mode !== 'full') {
        throw new Error(`expected a full computation, got ${run.mode}`);
      }
      const wall = Date.now() - t0;
      const tasks = await page.evaluate(() => window.sentinelHost.longTasks.slice());
      backend = (await page.locator(ids.container).getAttribute('data-backend')) ?? '';
      if (r > 0) {
        // Run 0 warms up tfjs (shader compilation, wasm instantiation).
        full.push(run.ms);
        forecastParts.push(run.forecastMs);
        scoringParts.push(run.scoringMs);
        fullWall.push(wall);
        longest.push(tasks.length ? Math.max(...tasks) : 0);
      }
    }
    await page.waitForSelector(`${ids.container}[data-live-ready="true"]`, { timeout: 60_000 });
    const live: number[] = [];
    for (let k = 1; k <= REFRESHES; k++) {
      const before = await runId(page);
      await page.evaluate((req) => window.sentinelHost.renderSynthetic(req), {
        hosts: HOSTS,
        fromMs: start + k * STEP_MS,
        toMs: end + k * STEP_MS,
        stepMs: STEP_MS,
        options: { hostSelector: `run="${RUNS}"`, maxHosts: HOSTS },
      });
      const run = await waitForRun(page, before);
      if (run.mode !== 'live') {
        throw new Error(`refresh ${k} was computed in full, not live`);
      }
      live.push(run.ms);
    }
    const size = (f: string) => (fs.existsSync(path.join(ROOT, 'dist', f)) ? fs.statSync(path.join(ROOT, 'dist', f)).size : 0);
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
    const tfjsChunk = chunks.map((f) => ({ f, s: size(f) })).sort((a, b) => b.s - a.s)[0];
    const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
    console.log(`\nRisk panel in headless Chromium ${await h.browser.version()}, tfjs backend: ${backend}`);
    console.log(`| figure | p50 | p95 | target |`);
    console.log(`|---|---|---|---|`);
    console.log(`| full timeline, ${HOSTS} hosts × ${HOURS} h at 15 s (compute, ${RUNS} runs) | ${pct(full, 50).toFixed(0)} ms | ${pct(full, 95).toFixed(0)} ms | ≤ 1000 ms p95 |`);
    console.log(`| … of which the LSTM (stepwise, yielding) | ${pct(forecastParts, 50).toFixed(0)} ms | ${pct(forecastParts, 95).toFixed(0)} ms | |`);
    console.log(`| … of which scoring (components, calibration, contributions) | ${pct(scoringParts, 50).toFixed(0)} ms | ${pct(scoringParts, 95).toFixed(0)} ms | |`);
    console.log(`| full timeline, render call → drawn (incl. generating the synthetic frames in the page, alignment, drawing) | ${pct(fullWall, 50).toFixed(0)} ms | ${pct(fullWall, 95).toFixed(0)} ms | |`);
    console.log(`| longest main-thread task during a full timeline | ${pct(longest, 50).toFixed(0)} ms | ${pct(longest, 95).toFixed(0)} ms | page stays responsive |`);
    console.log(`| live refresh: newest step, ${HOSTS} hosts, state carried (${REFRESHES} refreshes) | ${pct(live, 50).toFixed(1)} ms | ${pct(live, 95).toFixed(1)} ms | ≤ 100 ms p95 |`);
    console.log(`\nBundle: dist/module.js ${kb(size('module.js'))}, dist/panel/module.js ${kb(size('panel/module.js'))}, dist/datasource/module.js ${kb(size('datasource/module.js'))}, tfjs-runtime.js ${kb(size('tfjs-runtime.js'))} + tfjs chunk ${tfjsChunk.f} ${kb(tfjsChunk.s)} (loaded lazily by the panel)`);
  } finally {
    await h.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
