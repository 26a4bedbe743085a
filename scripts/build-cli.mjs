#!/usr/bin/env node
// Bundles the CLI into one CommonJS file. Agents start this binary for every
// container, and loading ~40 separate ES modules costs Node more (~30 ms) than
// launching the container itself; one CommonJS file loads in about the time
// of `node -e 0`. The library (dist/src, from tsc) stays modular.
import { rmSync } from 'node:fs';

import { build } from 'esbuild';

// A new bundle invalidates the V8 code cache made for the old one.
rmSync('dist/cli/mesos-containerizer.cjs.v8-cache', { force: true });
rmSync('dist/oci/mesos-containerizer-oci.cjs.v8-cache', { force: true });

await build({
  entryPoints: { 'mesos-containerizer': 'src/cli/main.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Less to parse at every start; names are kept for readable stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // Loaded lazily, only by the commands that need them.
  external: ['yargs', 'pino', 'koffi', 'tar'],
  // The sources are ES modules and use import.meta.url; give it a CommonJS value.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});

// The Node half of the OCI runtime (its C front-end runs it for create, exec
// and update): everything it needs in one file, so that it starts as fast
// as Node can.
await build({
  entryPoints: { 'mesos-containerizer-oci': 'src/oci/cli/main.ts' },
  outdir: 'dist/oci',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});
