// Tiny C programs (and shared libraries) from fixtures/programs, compiled once
// per test process into a directory of its own, removed when the process exits.
// The directory is world-readable: tasks running as another user load them.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sources = new URL('../../fixtures/programs/', import.meta.url).pathname;
let dir: string | undefined;

function outputDir(): string {
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'mct-programs-'));
    chmodSync(made, 0o755);
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  return dir;
}

export function fixtureProgram(name: string): string {
  const binary = join(outputDir(), name);
  if (!existsSync(binary)) execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', binary, join(sources, `${name}.c`)]);
  return binary;
}

/** A shared library (for LD_PRELOAD), e.g. fixtureLibrary('record-uid') -> .../librecord-uid.so */
export function fixtureLibrary(name: string): string {
  const library = join(outputDir(), `lib${name}.so`);
  if (!existsSync(library)) execFileSync(process.env.CC ?? 'cc', ['-O2', '-shared', '-fPIC', '-o', library, join(sources, `${name}.c`)]);
  return library;
}
