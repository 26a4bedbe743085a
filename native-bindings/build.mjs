#!/usr/bin/env node
// Builds the C init stub with the system C compiler. Run by `npm ci` / `npm install`.
// It needs a C library (glibc, old or new, or musl) and no kernel headers;
// CC picks the compiler (CC=musl-gcc works). Options, for tests of other
// builds: --output=PATH, and -DNAME defines (-DSTUB_PORTABLE_FALLBACKS: the
// code paths of kernels before 5.12 and C libraries without strerrorname_np).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'init-stub');
const options = process.argv.slice(2);
const output = options.find((o) => o.startsWith('--output='))?.slice('--output='.length) ?? join(here, 'build', 'mesos-containerizer-init');
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

mkdirSync(dirname(output), { recursive: true });
const sources = readdirSync(sourceDir)
  .filter((name) => name.endsWith('.c'))
  .map((name) => join(sourceDir, name));
const args = ['-O2', '-Wall', '-Wextra', '-D_GNU_SOURCE', ...defines, '-o', output, ...sources];
const result = spawnSync(cc, args, { stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`mesos-containerizer: compiling the init stub failed (${cc} ${args.join(' ')})`);
  process.exit(result.status ?? 1);
}
