import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What Grafana needs to find in the zip to load the app, its panel and its backend datasource.
 * Grafana's own validator (scripts/validate-plugin) checks much more; this holds the structure
 * even where the validator cannot be built.
 */
const zipPath = process.env.SENTINEL_PLUGIN_ZIP;
const root = path.resolve(__dirname, '../..');
const appId = 'anomalysentinel-sentinel-app';

interface PluginJson {
  id: string;
  type: string;
  backend?: boolean;
  alerting?: boolean;
  executable?: string;
  info: { version: string; updated: string; logos: { small: string; large: string } };
  includes?: Array<{ type: string; path?: string }>;
  dependencies: { grafanaDependency: string };
}

describe('packaged plugin zip', () => {
  let dir: string;
  const pluginJson = (rel: string): PluginJson => JSON.parse(fs.readFileSync(path.join(dir, appId, rel), 'utf8'));

  beforeAll(() => {
    if (!zipPath) {
      throw new Error('SENTINEL_PLUGIN_ZIP is not set; run scripts/build && scripts/package first (scripts/test-all does)');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-zip-'));
    execFileSync('unzip', ['-q', zipPath, '-d', dir]);
  });

  it('holds one folder named by the plugin id', () => {
    expect(fs.readdirSync(dir)).toEqual([appId]);
  });

  it.each(['plugin.json', 'panel/plugin.json', 'datasource/plugin.json'])('%s has its version, date and logos filled in', (rel) => {
    const json = pluginJson(rel);
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    expect(json.info.version).toBe(version);
    expect(json.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.dependencies.grafanaDependency).toBe('>=12.3.0');
    for (const logo of [json.info.logos.small, json.info.logos.large]) {
      expect(fs.existsSync(path.join(dir, appId, path.dirname(rel), logo))).toBe(true);
    }
    expect(fs.existsSync(path.join(dir, appId, path.dirname(rel), 'module.js'))).toBe(true);
  });

  it('declares the app without a backend and includes the panel and the datasource', () => {
    const app = pluginJson('plugin.json');
    expect(app).toMatchObject({ id: appId, type: 'app' });
    expect(app.backend).toBeFalsy();
    const included = (app.includes ?? []).filter((i) => i.type === 'panel' || i.type === 'datasource');
    expect(included.map((i) => i.type).sort()).toEqual(['datasource', 'panel']);
  });

  it('ships the datasource as a backend for alerting with an executable that runs', () => {
    const ds = pluginJson('datasource/plugin.json');
    expect(ds).toMatchObject({ id: 'anomalysentinel-risk-datasource', type: 'datasource', backend: true, alerting: true });
    const binary = path.join(dir, appId, 'datasource', `${ds.executable}_linux_amd64`);
    expect(fs.statSync(binary).mode & 0o111).not.toBe(0);
    expect(pluginJson('panel/plugin.json')).toMatchObject({ id: 'anomalysentinel-risk-panel', type: 'panel' });
  });

  it('carries the files Grafana and the catalog read', () => {
    for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'go_plugin_build_manifest']) {
      expect(fs.existsSync(path.join(dir, appId, file))).toBe(true);
    }
  });
});
