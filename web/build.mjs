// Bundles the client into the server's static assets (../src/ScaleMeet.Server/wwwroot/):
// index.html, app.js (+ app.js.map) and app.css. Type-checking is `tsc --noEmit`, run first
// by `npm run build`; esbuild only strips types. `node build.mjs --watch` rebuilds on change.

import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'src', 'ScaleMeet.Server', 'wwwroot');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: here,
  entryPoints: [
    { in: 'src/ui/main.ts', out: 'app' },
    { in: 'src/ui/app.css', out: 'app' },
  ],
  outdir,
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  minify: !watch,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'info',
};

await mkdir(outdir, { recursive: true });
await copyFile(join(here, 'static', 'index.html'), join(outdir, 'index.html'));

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
