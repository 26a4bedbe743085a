'use strict';
// Loads the CLI bundle (a CommonJS module's wrapper function, see
// scripts/build-cli.mjs) with a V8 code cache beside it, as Node 22's
// module.enableCompileCache() does (Node 20 has none): compiling the bundle
// is a large part of every start. One cache per command: each holds the
// functions its command ran. A cache is written after its first run (and
// whenever V8 rejects it: another Node version), atomically; one that cannot
// be written is simply not used.
//
// Code compiled from a V8 code cache cannot import() in Node 20 ("A dynamic
// import callback was not specified"): the bundle gets an importer from this
// module, as a sixth parameter of its wrapper, __import.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const importer = (specifier) => import(specifier);

module.exports = function cachedRequire(file, cacheName) {
  const cacheFile = `${file}.${cacheName}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run
  }
  // latin1: the bundle is ASCII (esbuild escapes the rest), and that decoding is the cheapest.
  const script = new vm.Script(fs.readFileSync(file, 'latin1'), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file), importer);
  let refreshed = false;
  const refresh = () => {
    if (refreshed || (cachedData && !script.cachedDataRejected)) return;
    refreshed = true;
    const partial = `${cacheFile}.${process.pid}`;
    try {
      fs.writeFileSync(partial, script.createCachedData());
      fs.renameSync(partial, cacheFile);
    } catch {
      fs.rmSync(partial, { force: true });
    }
  };
  return { exports: module.exports, refresh };
};
