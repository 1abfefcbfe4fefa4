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
import VirtualModulesPlugin from 'webpack-virtual-modules';
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

/** tfjs's WebAssembly backend loads these at run time from the plugin's public path (src/panel/runtime). */
const TFJS_WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((file) => ({
  from: path.resolve(process.cwd(), 'node_modules/@tensorflow/tfjs-backend-wasm/dist', file),
  to: path.posix.join('tfjs', file),
}));

/**
 * The scaffold sets webpack's public path to the folder module.js was loaded from. Lazy chunks
 * (tfjs) live in the app's dist root, but Grafana loads a nested plugin's module.js from that
 * plugin's own folder (public/plugins/<nested id>/ or …/<app id>/panel/), so its chunks would
 * 404 (grafana/plugin-tools#2172). Map a nested plugin's folder back to the app's root.
 */
function nestedAwarePublicPath(appId: string): VirtualModulesPlugin {
  const nested = NESTED_PLUGIN_DIRS.map((dir) => ({ dir, id: JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, dir, 'plugin.json'), 'utf8')).id }));
  return new VirtualModulesPlugin({
    'node_modules/grafana-public-path.js': `
import amdMetaModule from 'amd-module';

var nested = ${JSON.stringify(nested)};
var base = amdMetaModule && amdMetaModule.uri
  ? amdMetaModule.uri.slice(0, amdMetaModule.uri.lastIndexOf('/') + 1)
  : 'public/plugins/${appId}/';
for (var i = 0; i < nested.length; i++) {
  var ownFolder = '/' + nested[i].id + '/';
  var subFolder = '/${appId}/' + nested[i].dir + '/';
  if (base.slice(-subFolder.length) === subFolder) {
    base = base.slice(0, base.length - nested[i].dir.length - 1);
  } else if (base.slice(-ownFolder.length) === ownFolder || base === nested[i].id + '/') {
    base = base.slice(0, base.length - ownFolder.length + 1) + '${appId}/';
  }
}
__webpack_public_path__ = base;
`,
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  const appId = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'plugin.json'), 'utf8')).id;
  const plugins = (base.plugins ?? []).filter((p) => !(p instanceof VirtualModulesPlugin));
  return {
    ...base,
    plugins: [
      nestedAwarePublicPath(appId),
      ...plugins,
      new CopyWebpackPlugin({ patterns: [...nestedLogoCopies(), ...TFJS_WASM] }),
    ],
  };
};

export default config;
