/*
 * Extends create-plugin's webpack config (see .config/README.md).
 *
 * The scaffold copies only the app's own logos. Grafana resolves a nested plugin's logos relative
 * to that plugin's folder in dist, so each nested plugin gets a copy of the app's logo at the path
 * its plugin.json names: one source file, no drift between three copies.
 */
import fs from 'fs';
import path from 'path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const SOURCE_DIR = path.resolve(process.cwd(), 'src');
const APP_LOGO = 'img/logo.svg';
const NESTED_PLUGIN_DIRS = ['panel', 'datasource'];

function nestedLogoCopies(): Array<{ from: string; to: string }> {
  return NESTED_PLUGIN_DIRS.flatMap((dir) => {
    const pluginJson = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, dir, 'plugin.json'), 'utf8'));
    // Array.from, not spread: ts-node compiles this file for an ES5 target, where spreading a Set gives [].
    const logos = Array.from(new Set<string>([pluginJson.info.logos.small, pluginJson.info.logos.large]));
    return logos.map((logo) => ({ from: APP_LOGO, to: path.posix.join(dir, logo) }));
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    plugins: [...(base.plugins ?? []), new CopyWebpackPlugin({ patterns: nestedLogoCopies() })],
  };
};

export default config;
