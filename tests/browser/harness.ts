/**
 * Starts what a browser test needs: the host bundle, the grafanalite stand-in for Grafana (which
 * launches the *built* backend executable) and Debian's headless Chromium via playwright-core.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { buildHost } from './buildHost';

export const ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'build', 'screenshots');
export const CHROMIUM = process.env.SENTINEL_CHROMIUM ?? '/usr/bin/chromium';

export interface Harness {
  url: string;
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(prometheusUrl: string): Promise<Harness> {
  for (const built of ['dist/panel/module.js', 'dist/datasource/gpx_sentinel_linux_amd64', 'dist/tfjs/tfjs-backend-wasm.wasm']) {
    if (!fs.existsSync(path.join(ROOT, built))) {
      throw new Error(`${built} is missing: build the plugin first (scripts/build)`);
    }
  }
  const assets = await buildHost();
  const binary = path.join(ROOT, 'build', 'grafanalite');
  execFileSync('go', ['build', '-o', binary, './tests/browser/grafanalite'], { cwd: ROOT, stdio: 'inherit' });
  const proc: ChildProcess = spawn(binary, ['-prometheus', prometheusUrl, '-assets', assets, '-dist', path.join(ROOT, 'dist'), '-binary', path.join(ROOT, 'dist/datasource/gpx_sentinel_linux_amd64')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`grafanalite did not start: ${stderr}`)), 30_000);
    proc.stdout!.on('data', (d) => {
      const m = /listening on (\S+)/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`grafanalite exited with ${code}: ${stderr}`)));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--enable-unsafe-swiftshader'] });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url,
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1200, height: 520 } });
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(`${url}/`);
      await page.waitForFunction(() => Boolean(window.sentinelHost));
      return page;
    },
    async close() {
      await browser.close();
      proc.kill('SIGTERM');
    },
  };
}

export const ids = {
  container: '[data-testid="data-testid risk-panel"]',
  state: '[data-testid="data-testid risk-panel-state"]',
  episode: '[data-testid="data-testid risk-panel-episode"]',
  annotation: '[data-testid="data-testid risk-panel-annotation"]',
  tooltip: '[data-testid="data-testid risk-panel-tooltip"]',
  rankingRow: '[data-testid="data-testid risk-panel-ranking-row"]',
  chart: '[data-testid="data-testid risk-panel-chart"]',
  preview: '[data-testid="data-testid risk-panel-threshold-preview"]',
};

/** Waits until the panel settles: drawn, or in an error / no-data state. */
export async function settled(page: Page, timeout = 120_000): Promise<string> {
  const handle = await page.waitForSelector(`${ids.container}[data-state="ready"], ${ids.state}[data-state="error"], ${ids.state}[data-state="no-data"]`, { timeout });
  return (await handle.getAttribute('data-state')) ?? '';
}
