// Tiny C programs from fixtures/programs, compiled once per test process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sources = new URL('../../fixtures/programs/', import.meta.url).pathname;

export function fixtureProgram(name: string): string {
  const source = join(sources, `${name}.c`);
  const dir = join(tmpdir(), 'mct-fixture-programs');
  const binary = join(dir, `${name}-${Math.floor(statSync(source).mtimeMs)}`);
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${binary}.${process.pid}`;
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', partial, source]);
    renameSync(partial, binary); // atomic: test processes compile in parallel
  }
  return binary;
}
