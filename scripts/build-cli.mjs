#!/usr/bin/env node
// Bundles the CLI into one CommonJS file. Agents start this binary for every
// container, so its start-up is paid every time; the tricks that make it
// start fast live here and in bin/, not in the library (dist/src, from tsc,
// plain ES modules with static imports):
//   - one CommonJS file loads in about the time of `node -e 0`, where ~80
//     separate ES modules cost Node ~30 ms; bin/ compiles it with a V8 code
//     cache, one per command (each holds the functions its command ran); the
//     file is the module's wrapper function itself, so that bin/ compiles it
//     as read (no copy of it with a wrapper around it);
//   - each command is evaluated only when it runs: src/cli loads commands by
//     import(), which esbuild turns into lazily initialised modules; and
//     `launch`, the command agents call per container, has a bundle of its
//     own, with nothing of the other commands (half the code to read);
//   - heavy packages and built-ins (LAZY) are required at their first use,
//     not when a module that imports them is evaluated (child_process alone
//     costs ~2.5 ms, pino and tar ~25 ms each): their named imports become
//     properties of a proxy that requires the real module when first read;
//   - zod, bundled, is initialised when a record is first read, not when the
//     module that imports it is (a launch writes records and reads none, and
//     zod's initialisation alone fills V8's young generation: a scavenge, ~1 ms);
//   - import() of what is not bundled (yargs, module libraries) goes through
//     the importer bin/ passes in (__import): code compiled from a V8 code
//     cache cannot import() in Node 20.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

import { build } from 'esbuild';

/** Each is the CommonJS module's wrapper function, (function (exports, require, ...) {...}): only bin/ loads them. */
const BUNDLES = { 'mesos-containerizer': undefined, launch: 'launch' };
const LAZY = ['node:child_process', 'node:net', 'node:stream', 'node:stream/promises', 'node:module', 'node:os', 'tar', 'pino'];
const EXTERNAL = ['yargs', 'koffi', ...LAZY];

/** Named imports of LAZY modules compile to require("lazy:NAME"), replaced by __lazyModule("NAME") below (as long: the source map stays right). */
const lazyExternals = {
  name: 'lazy-externals',
  setup(esbuild) {
    const filter = new RegExp(`^(${LAZY.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
    esbuild.onResolve({ filter }, ({ path }) => ({ path: `lazy:${path}`, external: true }));
  },
};

/**
 * Namespace imports of bundled modules made lazy (`import * as z from
 * 'zod/mini'` becomes a proxy that initialises the module at its first use):
 * the file, its namespace, and the module. Only the functions the file uses
 * are bundled (tree-shaken, as the import would be).
 */
const LAZY_BUNDLED = [
  { file: 'src/containerizer/run-dir/record-schemas.ts', namespace: 'z', module: 'zod/mini' },
  // The launch imports these for the flags it may parse; each builds its schema at the first parse.
  { file: 'src/mesos/command-info.ts', namespace: 'z', module: 'zod/mini' },
  { file: 'src/mesos/container-info.ts', namespace: 'z', module: 'zod/mini' },
  { file: 'src/mesos/validate.ts', namespace: 'z', module: 'zod/mini' },
];
/** Lower-case members that are types only (`z.infer<S>`): no value to import. */
const TYPE_ONLY = new Set(['infer', 'input', 'output']);
const lazyBundled = {
  name: 'lazy-bundled',
  setup(esbuild) {
    for (const { file, namespace, module } of LAZY_BUNDLED) {
      const line = `import * as ${namespace} from '${module}';`;
      esbuild.onLoad({ filter: new RegExp(`${file.replace(/[/.]/g, '\\$&')}$`) }, ({ path }) => {
        const source = readFileSync(path, 'utf8');
        if (!source.includes(line)) throw new Error(`${path} no longer has "${line}": update LAZY_BUNDLED in scripts/build-cli.mjs`);
        // Values (functions) only: a capitalised member is a type, erased.
        const used = [...new Set([...source.matchAll(new RegExp(`\\b${namespace}\\.([a-z_]\\w*)`, 'g'))].map((m) => m[1]))].filter((name) => !TYPE_ONLY.has(name));
        const lazy = `const ${namespace} = __lazyNamespace(() => require('lazy-bundled:${module}:${used.join(',')}'));`;
        return { contents: source.replace(line, lazy), loader: 'ts' };
      });
    }
    esbuild.onResolve({ filter: /^lazy-bundled:/ }, ({ path }) => ({ path, namespace: 'lazy-bundled' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-bundled' }, ({ path }) => {
      const [, module, names] = path.split(':');
      return { contents: `export { ${names.split(',').join(', ')} } from '${module}';`, loader: 'js', resolveDir: process.cwd() };
    });
  },
};

/**
 * import() of what is not bundled becomes __import(): in the sources that do
 * it (each must have one), never in a type (`typeof import(...)`).
 */
const IMPORTERS = ['src/modules/library.ts', 'src/cli/yargs-cli.ts'];
const cachedImport = {
  name: 'cached-import',
  setup(esbuild) {
    const filter = new RegExp(`(${IMPORTERS.map((f) => f.replace(/[/.]/g, '\\$&')).join('|')})$`);
    esbuild.onLoad({ filter }, ({ path }) => {
      let found = 0;
      const contents = readFileSync(path, 'utf8').replace(/(?<![\w.$]|typeof )import\((?!\s*['"]\.)/g, () => {
        found++;
        return '__import(';
      });
      if (found === 0) throw new Error(`${path} has no import() left: remove it from IMPORTERS in scripts/build-cli.mjs`);
      return { contents, loader: 'ts' };
    });
  },
};

/** The bundle of one command: the others' modules are left out. */
function onlyCommand(command) {
  return {
    name: 'only-command',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, ({ path }) => {
        const name = path.slice('./commands/'.length, -'.js'.length);
        return name === command ? undefined : { path: name, namespace: 'left-out' };
      });
      esbuild.onLoad({ filter: /.*/, namespace: 'left-out' }, ({ path }) => ({
        contents: `export async function run() { throw new Error("the ${command} bundle has no command '${path}'"); }`,
        loader: 'js',
      }));
    },
  };
}

const banner = `(function (exports, require, module, __filename, __dirname, __import) {
const __import_meta = { get url() { return require("node:url").pathToFileURL(__filename).href; } };
function __lazyNamespace(load) {
  let loaded;
  const target = () => (loaded ??= load());
  return new Proxy({}, { get: (_, key) => target()[key], has: (_, key) => key in target() });
}
function __lazyModule(id) {
  let loaded;
  const load = () => (loaded ??= require(id));
  return new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}`;

mkdirSync('dist/cli', { recursive: true });
/** What every bundle here is: one CommonJS file for Node 20, with its source map. */
const COMMON_CJS = {
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Less to parse at every start; names are kept for readable stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

// A new bundle invalidates the V8 code caches made for the old one.
for (const name of readdirSync('dist/cli', { withFileTypes: true }).map((e) => e.name)) {
  if (name.endsWith('.v8-cache')) rmSync(`dist/cli/${name}`, { force: true });
}

for (const [name, command] of Object.entries(BUNDLES)) {
  const output = `dist/cli/${name}.cjs`;
  await build({
    entryPoints: { [name]: 'src/cli/main.ts' },
    outdir: 'dist/cli',
    ...COMMON_CJS,
    external: EXTERNAL,
    plugins: [lazyExternals, cachedImport, lazyBundled, ...(command ? [onlyCommand(command)] : [])],
    // The sources are ES modules and use import.meta.url; give it a CommonJS value, when read.
    define: { 'import.meta.url': '__import_meta.url' },
    banner: { js: banner },
    footer: { js: '})' },
  });

  const bundle = readFileSync(output, 'utf8');
  if (/[^\x00-\x7f]/.test(bundle)) {
    console.error(`build-cli: ${output} is not ASCII (bin/mesos-containerizer reads it as latin1)`);
    process.exit(1);
  }
  // A default or namespace import would copy every property at once (esbuild's __toESM): not lazy.
  if (/__toESM\(require\("lazy:/.test(bundle)) {
    console.error(`build-cli: a module of ${LAZY.join(', ')} is imported whole (default or * as): import the names it uses instead`);
    process.exit(1);
  }
  writeFileSync(output, bundle.replaceAll('require("lazy:', '__lazyModule("'));
}

// The Node half of the OCI runtime (its C front-end runs it for create, exec
// and update): everything it needs in one plain CommonJS file, loaded by
// bin/oci-node.cjs with a V8 code cache, so that it starts as fast as Node can.
rmSync('dist/oci/mesos-containerizer-oci.cjs.v8-cache', { force: true });
await build({
  entryPoints: { 'mesos-containerizer-oci': 'src/oci/cli/main.ts' },
  outdir: 'dist/oci',
  ...COMMON_CJS,
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});

// mesos-agent, mesos-master and mesos-execute: each one plain CommonJS file
// that its bin/ file requires. Loaded as the ~100 ES modules of dist/src, each
// cost Node 50-125 ms at every start (yargs, an ES module only, is imported
// at its first use, and only for help and bad command lines).
const PROGRAMS = { 'mesos-agent': 'src/agent/cli/main.ts', 'mesos-master': 'src/master/cli/main.ts', 'mesos-execute': 'src/execute/main.ts' };
for (const [name, entry] of Object.entries(PROGRAMS)) {
  await build({
    entryPoints: { [name]: entry },
    outdir: 'dist/programs',
    ...COMMON_CJS,
    external: ['yargs', 'koffi', 'pino', 'tar'],
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  });
}
