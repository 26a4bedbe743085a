'use strict';
// The Node half of mesos-containerizer-oci, run by its C front-end
// (native-bindings/build/mesos-containerizer-oci) for the verbs that read
// JSON. Bundled into one CommonJS file with a V8 code cache, as the CLI.
const path = require('node:path');
const cachedRequire = require('./cached-require.cjs');

const oci = cachedRequire(path.join(__dirname, '../dist/oci/mesos-containerizer-oci.cjs'));
oci.exports.main(process.argv.slice(2)).then((code) => {
  oci.refresh();
  // everything is written synchronously: no need to wait for the event loop
  // or Node's orderly teardown (the front-end waits for our exit)
  process.reallyExit(code);
});
