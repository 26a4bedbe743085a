'use strict';
// The Node half of mesos-containerizer-oci, run by its C front-end
// (native-bindings/build/mesos-containerizer-oci) for the verbs that read
// JSON. One bundled CommonJS file (scripts/build-cli.mjs), compiled with a
// V8 code cache beside it, as Node 22's module.enableCompileCache() would
// (Node 20 has none): compiling the bundle is a large part of every start.
// The cache is written after a run that had none or whose cache V8 rejected
// (another Node version), atomically; one that cannot be written is not used.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, '../dist/oci/mesos-containerizer-oci.cjs');
const cacheFile = `${file}.v8-cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // the first run
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const oci = { exports: {} };
script.runInThisContext().call(oci.exports, oci.exports, Module.createRequire(file), oci, file, path.dirname(file));

function writeCache() {
  if (cachedData && !script.cachedDataRejected) return;
  const partial = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, cacheFile);
  } catch {
    fs.rmSync(partial, { force: true });
  }
}

oci.exports.main(process.argv.slice(2)).then((code) => {
  writeCache(); // after the run: the functions it compiled are in the cache
  // everything is written synchronously: no need to wait for the event loop
  // or Node's orderly teardown (the front-end waits for our exit)
  process.reallyExit(code);
});
