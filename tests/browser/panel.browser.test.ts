/**
 * The risk panel in headless Chromium, loaded from dist/ the way Grafana loads it, over a failure
 * scenario replayed into the real local Prometheus (scripts/replay scenario), with the backend
 * executable answering the model and query APIs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { Harness, ids, ROOT, SCREENSHOTS, settled, startHarness } from './harness';

const PROM = process.env.SENTINEL_PROM_URL ?? 'http://127.0.0.1:19090';

interface Scenario {
  selector: string;
  hosts: string[];
  fromMs: number;
  toMs: number;
  failures: Array<{ instance: string; kind: string; failureMs: number }>;
}

function scenario(): Scenario {
  const file = process.env.SENTINEL_SCENARIO_JSON ?? path.join(ROOT, 'build/scenario-replay.json');
  if (!fs.existsSync(file)) {
    execFileSync(path.join(ROOT, 'scripts/replay'), ['scenario', '--out', file], { cwd: ROOT, stdio: 'inherit' });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Scenario;
}

interface FrameJSON {
  schema: { fields: Array<{ name: string; labels?: Record<string, string> }> };
  data: { values: unknown[][] };
}

/** A query through the host's /api/ds/query (the backend executable answers it), as Grafana's alert rule would run it. */
async function backendQuery(
  h: Harness,
  fromMs: number,
  toMs: number,
  query: Record<string, unknown>
): Promise<FrameJSON[]> {
  const res = await fetch(`${h.url}/api/ds/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      from: String(fromMs),
      to: String(toMs),
      queries: [{ refId: 'A', datasource: { uid: 'sentinel-risk' }, queryType: 'risk', ...query }],
    }),
  });
  const body = (await res.json()) as { results: { A: { frames?: FrameJSON[]; error?: string } } };
  if (body.results.A.error) {
    throw new Error(body.results.A.error);
  }
  return body.results.A.frames ?? [];
}

describe('risk panel in Chromium over a replayed failure scenario', () => {
  let h: Harness;
  let sc: Scenario;
  let page: Page;
  const options = () => ({
    source: 'modelQueries',
    prometheusUid: 'prometheus',
    backendUid: 'sentinel-risk',
    hostSelector: sc.selector,
    maxHosts: 10,
  });

  beforeAll(async () => {
    sc = scenario();
    h = await startHarness(PROM);
    // Grafana's alert state history: the transitions the provisioned rule would have written,
    // taken from the backend's own predicted-failure events over the same range.
    const events = await backendQuery(h, sc.fromMs, sc.toMs, { hostSelector: sc.selector, output: 'events' });
    for (const frame of events) {
      const names = frame.schema.fields.map((f) => f.name);
      const col = (n: string) => frame.data.values[names.indexOf(n)] ?? [];
      col('time').forEach((t, i) =>
        fetch(`${h.url}/api/annotations`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            type: 'alert',
            time: t,
            alertName: 'Host failure predicted',
            newState: 'Alerting',
            text: `instance=${col('instance')[i]}`,
          }),
        })
      );
    }
    page = await h.newPage();
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('draws every host, alerts before a failure, marks alert history, and agrees with the backend', async () => {
    await page.evaluate(({ fromMs, toMs, options }) => window.sentinelHost.renderPanel({ fromMs, toMs, options }), {
      fromMs: sc.fromMs,
      toMs: sc.toMs,
      options: options(),
    });
    expect(await settled(page)).toBe('ready');
    const panel = page.locator(ids.container);
    expect(['webgl', 'wasm', 'cpu']).toContain(await panel.getAttribute('data-backend'));
    expect(await page.locator(ids.chart).getAttribute('data-hosts')).toBe(String(sc.hosts.length));
    expect(Number(await page.locator(ids.chart).getAttribute('data-points'))).toBeGreaterThan(1000);
    expect((await page.locator(ids.rankingRow).all()).length).toBe(sc.hosts.length);

    // An episode starting in the 30 minutes before a failure, on the failing host.
    const episodes = await page.locator(ids.episode).evaluateAll((els) =>
      els.map((e) => ({
        instance: e.getAttribute('data-instance'),
        firedMs: Number(e.getAttribute('data-fired-ms')),
      }))
    );
    const caught = sc.failures.filter((f) =>
      episodes.some(
        (e) => e.instance === f.instance && e.firedMs <= f.failureMs && e.firedMs >= f.failureMs - 30 * 60_000
      )
    );
    expect(caught.length).toBeGreaterThan(0);

    // Alert history drawn.
    expect(await page.locator(`${ids.annotation}[data-source="alert-history"]`).count()).toBeGreaterThan(0);

    // The panel's newest risk per host equals the backend's (the alert rule's) for the same range.
    const backend = await backendQuery(h, sc.fromMs, sc.toMs, { hostSelector: sc.selector, output: 'risk' });
    for (const frame of backend) {
      const instance = frame.schema.fields[1].labels?.instance;
      const values = frame.data.values[1] as number[];
      const row = page.locator(`${ids.rankingRow}[data-instance="${instance}"]`);
      const panelRisk = Number(await row.getAttribute('data-current-risk'));
      expect(Math.abs(panelRisk - values[values.length - 1])).toBeLessThan(1e-4);
    }

    // Hovering the first caught failure's alert shows the host's risk and its top contributing metrics.
    const first = caught[0];
    const box = (await page.locator(ids.chart).boundingBox())!;
    const episode = page.locator(`${ids.episode}[data-instance="${first.instance}"]`).first();
    const epBox = (await episode.boundingBox())!;
    await page.mouse.move(epBox.x + Math.min(epBox.width / 2, 20), box.y + box.height / 3);
    const tooltip = page.locator(ids.tooltip);
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.locator(`[data-instance="${first.instance}"]`).count()).toBe(1);
    expect(await tooltip.locator(`[data-instance="${first.instance}"] [data-feature]`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'risk-panel.png') });
  }, 180_000);

  it('previews what another threshold would have raised, as the backend counts it', async () => {
    // Episodes are not monotone in the threshold (a lower one also clears lower, so episodes merge),
    // so the preview is checked against the backend's own episodes at the same threshold.
    const episodesAt = async (threshold: number) =>
      (await backendQuery(h, sc.fromMs, sc.toMs, { hostSelector: sc.selector, output: 'events', threshold })).reduce(
        (n, frame) => n + (frame.data.values[0]?.length ?? 0),
        0
      );
    const preview = page.locator(ids.preview);
    for (const threshold of [0.3, 0.9]) {
      const input = preview.locator('input').last();
      await input.fill(String(threshold));
      await input.press('Enter');
      await page.waitForFunction(
        ({ sel, want }) => document.querySelector(sel)?.getAttribute('data-threshold') === want,
        { sel: ids.preview, want: String(threshold) }
      );
      const backendEpisodes = await episodesAt(threshold);
      if (threshold === 0.3) {
        expect(backendEpisodes).toBeGreaterThan(0); // the scenario's failures raise risk well above 0.3
      }
      expect(Number(await preview.getAttribute('data-episodes'))).toBe(backendEpisodes);
    }
  }, 60_000);

  it('says clearly when no host matches and when the model version does not exist', async () => {
    await page.evaluate(
      ({ fromMs, toMs, options }) => window.sentinelHost.renderPanel({ fresh: true, fromMs, toMs, options }),
      {
        fromMs: sc.fromMs,
        toMs: sc.toMs,
        options: { ...options(), hostSelector: 'job="no-such-job"' },
      }
    );
    expect(await settled(page)).toBe('no-data');
    expect(await page.locator(ids.state).innerText()).toContain('no-such-job');

    await page.evaluate(
      ({ fromMs, toMs, options }) => window.sentinelHost.renderPanel({ fresh: true, fromMs, toMs, options }),
      {
        fromMs: sc.fromMs,
        toMs: sc.toMs,
        options: { ...options(), modelVersion: 'v-missing' },
      }
    );
    expect(await settled(page)).toBe('error');
    expect(await page.locator(ids.state).innerText()).toMatch(/v-missing.*not on the backend/);
  }, 120_000);
});
