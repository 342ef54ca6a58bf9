// Unit tests of the pure modules, and of the session against the fakes of WebSocket and
// RTCPeerConnection in test/fakes.ts: bundles test/*.test.ts with esbuild (types are stripped, not
// checked: `npm run typecheck` covers src/) into node_modules/.cache/unit-tests and runs them
// with node's built-in test runner. `npm test`.

import { readdir, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'node_modules', '.cache', 'unit-tests');
const tests = (await readdir(here)).filter((f) => f.endsWith('.test.ts'));

await rm(outdir, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: here,
  entryPoints: tests.map((f) => ({ in: f, out: f.replace(/\.ts$/, '') })),
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});

const files = tests.map((f) => join(outdir, f.replace(/\.ts$/, '.mjs')));
const run = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
