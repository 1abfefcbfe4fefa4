/**
 * Bundles the browser test host (tests/browser/host) with esbuild into build/browser-host:
 * React, @grafana/data, @grafana/ui and @grafana/runtime — the modules Grafana shares with plugins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const HOST_DIR = path.resolve(__dirname, '../../build/browser-host');

export async function buildHost(): Promise<string> {
  fs.mkdirSync(HOST_DIR, { recursive: true });
  await build({
    entryPoints: [path.resolve(__dirname, 'host/host.tsx')],
    bundle: true,
    outfile: path.join(HOST_DIR, 'host.js'),
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: false,
    sourcemap: false,
    // The SystemJS AMD extra installs a global `define`; UMD packages bundled here (lodash…) would
    // register themselves through it instead of module.exports. Webpack hides `define` the same way.
    define: { 'process.env.NODE_ENV': '"production"', global: 'window', define: 'undefined' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    logLevel: 'warning',
  });
  fs.copyFileSync(path.resolve(__dirname, 'host/index.html'), path.join(HOST_DIR, 'index.html'));
  return HOST_DIR;
}

if (require.main === module) {
  buildHost().then((dir) => console.log(`browser host bundled into ${dir}`));
}
