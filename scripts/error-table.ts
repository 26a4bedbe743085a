// Writes the README's exit-code tables from the error contract
// (src/error-codes.ts): `npm run docs:errors`. test/unit/error-contract.test.ts
// fails when the README differs from what this renders.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import type { CommandFamily, ErrorKind } from '../src/error-codes.js';
import { ERROR_CODES, EXIT_CODES } from '../src/error-codes.js';

export const BEGIN = '<!-- exit codes: generated from src/error-codes.ts by `npm run docs:errors` -->';
export const END = '<!-- end of generated exit codes -->';

interface Family {
  family: CommandFamily;
  label: string;
  /** What the command exits with when nothing failed. */
  own?: { exit: string; meaning: string };
  kinds: ErrorKind[];
}

const FAMILIES: Family[] = [
  { family: 'launch', label: '`launch`', own: { exit: "the task's", meaning: 'its exit code, or 128+N when signal N killed it' }, kinds: ['usage', 'failure', 'cannot-execute', 'not-found'] },
  { family: 'enter', label: '`enter`', own: { exit: "the program's", meaning: 'its exit code, or 128+N when signal N killed it' }, kinds: ['failure', 'usage', 'cannot-execute', 'not-found'] },
  { family: 'other', label: 'the others, `mesos-agent` and `mesos-master`', kinds: ['failure', 'usage'] },
];

const KIND_WORDS: Record<ErrorKind, string> = {
  failure: 'the containerizer failed',
  usage: 'a bad command line (a flag, its value, or a document it names)',
  'cannot-execute': 'the program cannot be executed',
  'not-found': 'the program was not found',
};

function codesOf(kind: ErrorKind): string[] {
  return Object.entries(ERROR_CODES).filter(([, entry]) => entry.kind === kind).map(([code]) => code);
}

function summaryRows(): string[] {
  const rows: string[] = [];
  for (const { family, label, own, kinds } of FAMILIES) {
    if (own) rows.push(`| ${label} | ${own.exit} | ${own.meaning} |`);
    const byExit = new Map<number, ErrorKind[]>();
    for (const kind of kinds) byExit.set(EXIT_CODES[family][kind], [...(byExit.get(EXIT_CODES[family][kind]) ?? []), kind]);
    for (const [exit, grouped] of [...byExit].sort(([a], [b]) => a - b)) {
      const few = grouped.flatMap(codesOf);
      const which = few.length <= 2 ? ` (${few.map((c) => `\`${c}\``).join(', ')})` : '';
      rows.push(`| ${label} | ${exit} | ${grouped.map((k) => KIND_WORDS[k]).join(', or ')}${which} |`);
    }
  }
  return rows;
}

function codeRows(): string[] {
  return Object.entries(ERROR_CODES).map(
    ([code, { kind, meaning }]) => `| \`${code}\` | ${meaning} | ${EXIT_CODES.launch[kind]} | ${EXIT_CODES.enter[kind]} | ${EXIT_CODES.other[kind]} |`,
  );
}

export function renderExitCodes(): string {
  return [
    BEGIN,
    '| command | exit code | meaning |',
    '|---|---|---|',
    ...summaryRows(),
    '',
    '<details><summary>Every error code, its meaning and exit codes</summary>',
    '',
    '| code | meaning | `launch` | `enter` | others |',
    '|---|---|---|---|---|',
    ...codeRows(),
    '',
    '</details>',
    END,
  ].join('\n');
}

/** The README with its generated section replaced; throws when the markers are missing. */
export function withExitCodes(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no generated exit-code section (${BEGIN} ... ${END})`);
  return readme.slice(0, start) + renderExitCodes() + readme.slice(end + END.length);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, withExitCodes(readFileSync(path, 'utf8')));
}
