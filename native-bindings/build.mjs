#!/usr/bin/env node
// Builds the C init stub and the resident launcher with the system C compiler.
// Run by `npm ci` / `npm install`.
// It needs a C library (glibc, old or new, or musl) and no kernel headers;
// CC picks the compiler (CC=musl-gcc works). Two programs:
//   build/mesos-containerizer-init      linked statically where the C library
//       allows (no dynamic loader at each start, ~0.2 ms, and a quarter of
//       the memory a waiting container costs); it looks up no user names;
//   build/mesos-containerizer-init-nss  linked dynamically, for --user: glibc's
//       getpwnam loads NSS modules (systemd, sss, ldap) at run time, which a
//       static program cannot do safely (it crashes on a name not in /etc/passwd).
//   build/mesos-containerizer-launcher  the resident process that starts
//       stubs for a Node process without forking it (native-bindings/launcher),
//       static where the C library allows.
// Options, for tests of other builds: --output=PATH (one dynamic program), and
// -DNAME defines (-DSTUB_PORTABLE_FALLBACKS: the code paths of kernels before
// 5.12 and C libraries without strerrorname_np).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'init-stub');
const options = process.argv.slice(2);
const output = options.find((o) => o.startsWith('--output='))?.slice('--output='.length);
const defines = options.filter((o) => /^-D\w+(=\w*)?$/.test(o));

/** Versioned compilers (gcc-12, clang-16) for machines without the cc/gcc links. */
function versionedCompilers() {
  const found = [];
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      found.push(...readdirSync(dir).filter((name) => /^(gcc|clang)-\d+$/.test(name)));
    } catch {
      // not a readable directory
    }
  }
  return found.sort().reverse();
}

function findCompiler() {
  const candidates = process.env.CC ? [process.env.CC] : ['cc', 'gcc', 'clang', ...versionedCompilers()];
  for (const cc of candidates) {
    const probe = spawnSync(cc, ['--version'], { stdio: 'ignore' });
    if (probe.status === 0) return cc;
  }
  return undefined;
}

const cc = findCompiler();
if (!cc) {
  console.error(
    'mesos-containerizer: building the init stub needs a C compiler and the C library headers, and none was found.\n' +
      '  Debian/Ubuntu: apt-get install gcc libc6-dev\n' +
      '  Fedora/RHEL:   dnf install gcc glibc-devel\n' +
      '  Alpine:        apk add build-base\n' +
      'or set CC to the compiler to use, then run `npm ci` again.',
  );
  process.exit(1);
}

const sourcesIn = (dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.c'))
    .map((name) => join(dir, name));
const sources = sourcesIn(sourceDir);

function compile(target, extra, from = sources) {
  mkdirSync(dirname(target), { recursive: true });
  const args = ['-O2', '-Wall', '-Wextra', '-D_GNU_SOURCE', ...defines, ...extra, '-o', target, ...from];
  return { args, result: spawnSync(cc, args, { stdio: extra.includes('-static') ? 'pipe' : 'inherit' }) };
}

function mustCompile(target, extra, from = sources) {
  const { args, result } = compile(target, extra, from);
  if (result.status !== 0) {
    if (result.stderr) process.stderr.write(result.stderr);
    console.error(`mesos-containerizer: compiling ${from === sources ? 'the init stub' : 'the launcher'} failed (${cc} ${args.join(' ')})`);
    process.exit(result.status ?? 1);
  }
}

if (output) {
  mustCompile(output, []);
} else {
  const build = join(here, 'build');
  mustCompile(join(build, 'mesos-containerizer-init-nss'), []);
  // Static where the C library has a static archive (glibc's libc.a, musl);
  // else the same dynamic program, which works, only slower to start.
  const main = join(build, 'mesos-containerizer-init');
  if (compile(main, ['-static', '-DSTUB_NO_NSS']).result.status !== 0) {
    console.error('mesos-containerizer: no static C library here (e.g. glibc-static): the init stub is linked dynamically');
    mustCompile(main, ['-DSTUB_NO_NSS']);
  }
  const launcherSources = sourcesIn(join(here, 'launcher'));
  const launcher = join(build, 'mesos-containerizer-launcher');
  if (compile(launcher, ['-static'], launcherSources).result.status !== 0) mustCompile(launcher, [], launcherSources);
}

// The OCI runtime (mesos-containerizer-oci): its own sources; it runs this
// Node for the verbs that read JSON. Built beside the stub, by the default
// build. containerd runs it four times for every `ctr run --rm`: linked
// statically against musl (when musl-gcc is there: apt-get install
// musl-tools) it starts in ~0.4 ms instead of ~1.3 ms dynamically linked to
// glibc; else statically against glibc where it has a static archive (the
// runtime looks up no names), else dynamically.
if (!output) {
  const ociSources = sourcesIn(join(here, 'oci-runtime'));
  const musl = !process.env.CC && spawnSync('musl-gcc', ['--version'], { stdio: 'ignore' }).status === 0;
  const ociCompile = (compiler, extra, stdio) => {
    const args = ['-O2', '-Wall', '-Wextra', '-D_GNU_SOURCE', ...extra, `-DOCI_NODE=${JSON.stringify(process.execPath)}`, ...defines, '-o', join(here, 'build', 'mesos-containerizer-oci'), ...ociSources];
    return { command: `${compiler} ${args.join(' ')}`, result: spawnSync(compiler, args, { stdio }) };
  };
  const attempts = musl ? [['musl-gcc', ['-static']]] : [[cc, ['-static']], [cc, []]];
  let last;
  for (const [i, [compiler, extra]] of attempts.entries()) {
    last = ociCompile(compiler, extra, i < attempts.length - 1 ? 'pipe' : 'inherit');
    if (last.result.status === 0) break;
  }
  if (last.result.status !== 0) {
    console.error(`mesos-containerizer: compiling the OCI runtime failed (${last.command})`);
    process.exit(last.result.status ?? 1);
  }
}
