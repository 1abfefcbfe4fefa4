/**
 * The app's pages (@grafana/scenes: fleet, host drill-down, models) in headless Chromium, loaded
 * from dist/ the way Grafana loads an app (plugin.root under a router at /a/<app id>), over the
 * failure scenario replayed into the real local Prometheus, with the built backend executable
 * answering risk queries and resources. Grafana's core table / time series / stat panels are
 * stand-ins in the host (tests/browser/host/app.tsx); everything the pages compute is the app's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { Harness, ROOT, SCREENSHOTS, startHarness } from './harness';

const PROM = process.env.SENTINEL_PROM_URL ?? 'http://127.0.0.1:19090';
const APP = '/a/anomalysentinel-sentinel-app';

// src/components/testIds.ts (the browser tests read the built plugin; no import from src/).
const tid = (id: string) => `[data-testid="data-testid ${id}"]`;
const ids = {
  table: tid('grafanalite-table'),
  explanation: tid('host-explanation'),
  explanationRisk: tid('host-explanation-risk'),
  contribution: tid('host-contribution'),
  explanationError: tid('host-explanation-error'),
  modelsList: tid('models-list'),
  modelsRow: tid('models-row'),
  modelsLeadByKind: tid('models-lead-by-kind'),
  statusError: tid('data-status-error'),
};

interface Scenario {
  job: string;
  selector: string;
  hosts: string[];
  fromMs: number;
  toMs: number;
  failures: Array<{ instance: string; failureMs: number }>;
}

function scenario(): Scenario {
  const file = process.env.SENTINEL_SCENARIO_JSON ?? path.join(ROOT, 'build/scenario-replay.json');
  if (!fs.existsSync(file)) {
    execFileSync(path.join(ROOT, 'scripts/replay'), ['scenario', '--out', file], { cwd: ROOT, stdio: 'inherit' });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Scenario;
}

async function getJSON<T>(h: Harness, url: string): Promise<T> {
  const res = await fetch(`${h.url}${url}`);
  if (!res.ok) {
    throw new Error(`${url}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

interface Row {
  host: string;
  current: number;
  peak: number;
}

async function fleetRows(page: Page): Promise<Row[]> {
  return page.locator(`${ids.table} tbody tr`).evaluateAll((rows) =>
    rows.map((r) => {
      const cell = (name: string) => r.querySelector(`td[data-field="${name}"]`)?.getAttribute('data-value') ?? '';
      return { host: cell('Host'), current: Number(cell('Current risk')), peak: Number(cell('Peak risk')) };
    })
  );
}

const renderApp = (page: Page, url: string) =>
  page.evaluate((u) => (window as unknown as { sentinelHost: { renderApp(p: string): Promise<void> } }).sentinelHost.renderApp(u), url);

describe('app pages in Chromium over a replayed failure scenario', () => {
  let h: Harness;
  let sc: Scenario;
  let page: Page;
  let range: string;

  beforeAll(async () => {
    sc = scenario();
    h = await startHarness(PROM);
    page = await h.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    range = `from=${sc.fromMs}&to=${sc.toMs}`;
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('fleet: lists the scenario hosts ranked by current, then peak risk', async () => {
    // The job variable offers jobs with node_uname_info (real node_exporter targets); the replayed
    // scenario has none, so its hosts are chosen with the label filter: job = <scenario job>.
    const filters = encodeURIComponent(`job|=|${sc.job}`);
    await renderApp(page, `${APP}/fleet?${range}&var-job=$__all&var-filters=${filters}`);
    await page.locator(`${ids.table} tbody tr`).nth(sc.hosts.length - 1).waitFor({ timeout: 120_000 });
    const rows = await fleetRows(page);
    expect(rows.map((r) => r.host).sort()).toEqual([...sc.hosts].sort());
    // The page's rule (src/pages/Fleet/fleetTable.ts rankHosts): current risk, then peak, descending.
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.current > b.current || (a.current === b.current && a.peak >= b.peak)).toBe(true);
    }
    // The same hosts and numbers as the backend's risk query over the same range (the alert rule's).
    const res = await fetch(`${h.url}/api/ds/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        from: String(sc.fromMs),
        to: String(sc.toMs),
        queries: [{ refId: 'A', datasource: { uid: 'sentinel-risk' }, queryType: 'risk', hostSelector: `job="${sc.job}"`, output: 'risk' }],
      }),
    });
    const frames = ((await res.json()) as { results: { A: { frames: Array<{ schema: { fields: Array<{ labels?: Record<string, string> }> }; data: { values: number[][] } }> } } }).results.A.frames;
    for (const frame of frames) {
      const host = frame.schema.fields[1].labels?.instance;
      const values = frame.data.values[1].filter((v) => typeof v === 'number' && Number.isFinite(v));
      const row = rows.find((r) => r.host === host)!;
      expect(row.current).toBeCloseTo(values[values.length - 1], 6);
      expect(row.peak).toBeCloseTo(Math.max(...values), 6);
    }
    // Every scenario failure peaks at or above the alert threshold on the failing host.
    for (const f of sc.failures) {
      expect(rows.find((r) => r.host === f.instance)!.peak).toBeGreaterThan(0.9);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'fleet.png'), fullPage: true });
  }, 180_000);

  it('host: a click on a host opens its drill-down with its risk and the /explain contributions', async () => {
    const failing = sc.failures[0].instance;
    await page.locator(`${ids.table} td[data-field="Host"] a`, { hasText: failing }).click();
    await page.waitForURL(new RegExp(`${APP}/fleet/host/${failing}\\?`));
    // The link keeps the time range (scenes writes it to the URL as epoch ms or ISO time).
    const asMs = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : Date.parse(v ?? ''));
    const params = new URL(page.url()).searchParams;
    expect([asMs(params.get('from')), asMs(params.get('to'))]).toEqual([sc.fromMs, sc.toMs]);

    // /explain at the end of the range, straight from the backend, to compare with the page.
    const toMs = sc.toMs;
    await page.locator(`${ids.explanation} ${ids.explanationRisk}, ${ids.explanationError}`).first().waitFor({ timeout: 120_000 });
    expect(await page.locator(ids.explanationError).count()).toBe(0);
    const models = await getJSON<{ active: string }>(h, '/api/datasources/uid/sentinel-risk/resources/models');
    const meta = await getJSON<{ features: Array<{ name: string }> }>(h, `/api/datasources/uid/sentinel-risk/resources/models/${models.active}/files/sentinel.json`);
    const featureNames = meta.features.map((f) => f.name);
    const shown = await page.locator(`${ids.contribution} td:first-child`).allInnerTexts();
    const explained = await getJSON<{ contributions: Array<{ feature: string }> | null }>(
      h,
      `/api/datasources/uid/sentinel-risk/resources/explain?host=${failing}&time=${Math.min(toMs, Date.now())}`
    );
    expect(shown).toEqual((explained.contributions ?? []).map((c) => c.feature));
    for (const name of shown) {
      expect(featureNames).toContain(name);
    }

    // The risk panel drew the host's risk and its four parts (legend entries of the time series).
    for (const part of ['risk', 'failure', 'residual', 'isolation', 'baseline']) {
      await page.getByText(`${part} ${failing}`, { exact: true }).first().waitFor({ timeout: 60_000 });
    }
    await page.getByText('What drives the risk').waitFor();
    // One panel per model feature, its PromQL run on Prometheus (the stand-in datasource).
    for (const name of featureNames) {
      await page.getByText(name, { exact: true }).first().waitFor({ timeout: 60_000 });
    }
    expect(await page.locator(ids.statusError).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'host.png'), fullPage: true });
  }, 180_000);

  it('models: lists the active version with its content hash', async () => {
    const backend = await getJSON<{
      active: string;
      models: Array<{
        version: string;
        contentHash: string;
        active: boolean;
        evaluation?: { scenarios?: { byFailureKind?: Array<{ kind: string; events: number; detected: number }> } };
      }>;
    }>(
      h,
      '/api/datasources/uid/sentinel-risk/resources/models'
    );
    const selector = encodeURIComponent(`job="${sc.job}"`);
    await renderApp(page, `${APP}/models?${range}&var-compareSelector=${selector}`);
    await page.locator(ids.modelsRow).first().waitFor({ timeout: 60_000 });
    const rows = await page.locator(ids.modelsRow).evaluateAll((trs) =>
      trs.map((tr) => ({
        version: (tr.querySelector('td')?.textContent ?? '').replace('active', '').trim(),
        active: (tr.querySelector('td')?.textContent ?? '').includes('active'),
        hash: tr.querySelectorAll('td')[1]?.getAttribute('title') ?? '',
        shortHash: tr.querySelectorAll('td')[1]?.textContent ?? '',
      }))
    );
    expect(rows.map((r) => r.version)).toEqual(backend.models.map((m) => m.version));
    const active = rows.filter((r) => r.active);
    expect(active).toHaveLength(1);
    const expected = backend.models.find((m) => m.version === backend.active)!;
    expect(active[0].version).toBe(backend.active);
    expect(active[0].hash).toBe(expected.contentHash);
    expect(active[0].shortHash).toBe(expected.contentHash.slice(0, 12));
    // The shipped model's per-kind figures travel from its sentinel.json through GET /models.
    const byKind = expected.evaluation?.scenarios?.byFailureKind ?? [];
    expect(byKind.length).toBeGreaterThan(0);
    const activeIndex = rows.findIndex((r) => r.active);
    const leadCell = (await page.locator(ids.modelsLeadByKind).nth(activeIndex).textContent()) ?? '';
    for (const k of byKind) {
      expect(leadCell).toContain(`${k.kind} ${k.detected}/${k.events} · `);
    }
    // The comparison panel runs both versions (here the active one twice) over the scenario hosts.
    await page.getByText(`${sc.hosts[0]} · ${backend.active}`, { exact: true }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'models.png'), fullPage: true });
  }, 120_000);
});
