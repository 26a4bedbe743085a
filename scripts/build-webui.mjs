#!/usr/bin/env node
// Bundles the master's web UI (src/webui) into dist/webui: index.html and,
// under assets/, one script and one stylesheet whose names carry a hash of
// their content (so the master can let browsers cache them for good), each
// with a gzip twin the master sends to browsers that accept it. Prints the
// sizes (the README states them).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

const out = 'dist/webui';
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: { app: 'src/webui/main.ts' },
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  write: false,
  logLevel: 'warning',
});

const sizes = [];
const names = {};
for (const file of result.outputFiles) {
  const name = basename(file.path);
  names[name.endsWith('.css') ? 'css' : 'js'] = name;
  const gzip = gzipSync(file.contents, { level: 9 });
  writeFileSync(file.path, file.contents);
  writeFileSync(`${file.path}.gz`, gzip);
  sizes.push({ name, raw: file.contents.length, gzip: gzip.length });
}
if (!names.js || !names.css) throw new Error(`build-webui: expected one .js and one .css output, got ${Object.keys(names).join(', ')}`);

const page = readFileSync('src/webui/index.html', 'utf8').replace('%SCRIPT%', `/assets/${names.js}`).replace('%STYLE%', `/assets/${names.css}`);
writeFileSync(join(out, 'index.html'), page);
sizes.push({ name: 'index.html', raw: Buffer.byteLength(page), gzip: gzipSync(page, { level: 9 }).length });
writeFileSync(join(out, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);

if (process.argv.includes('--sizes')) {
  const total = sizes.reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip }), { raw: 0, gzip: 0 });
  for (const s of [...sizes, { name: 'total', ...total }]) console.log(`${s.name.padEnd(24)} ${String(s.raw).padStart(7)} B  ${String(s.gzip).padStart(6)} B gzip`);
}
