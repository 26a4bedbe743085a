// Tiny C programs from fixtures/programs, compiled once per test process into
// a directory of its own, removed when the process exits.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sources = new URL('../../fixtures/programs/', import.meta.url).pathname;
let dir: string | undefined;

export function fixtureProgram(name: string): string {
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'mct-programs-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  const binary = join(dir, name);
  if (!existsSync(binary)) execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', binary, join(sources, `${name}.c`)]);
  return binary;
}
