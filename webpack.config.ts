/*
 * Extends create-plugin's webpack config (see .config/README.md): nested plugins' logos
 * (src/<plugin>/img/*) are copied next to their plugin.json, which the scaffold does not do.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    plugins: [...(base.plugins ?? []), new CopyWebpackPlugin({ patterns: [{ from: '*/img/*', to: '.' }] })],
  };
};

export default config;
