'use strict';
// Loads a CommonJS file with a V8 code cache beside it, as Node 22's
// module.enableCompileCache() does (Node 20 has none): compiling the CLI
// bundle is a large part of every start. The cache is written after the
// first run (and whenever V8 rejects it: another Node version), atomically;
// a cache that cannot be written is simply not used.
//
// Code compiled from a V8 code cache cannot import() in Node 20 ("A dynamic
// import callback was not specified"): the bundle gets an importer from this
// module, as a sixth parameter of its wrapper, __import.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const importer = (specifier) => import(specifier);

module.exports = function cachedRequire(file) {
  const cacheFile = `${file}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run
  }
  const source = `(function (exports, require, module, __filename, __dirname, __import) { ${fs.readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file), importer);
  const refresh = () => {
    if (cachedData && !script.cachedDataRejected) return;
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
