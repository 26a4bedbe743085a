// The one place errors become output: one line naming what is wrong, however
// the message was built; the stack and the chain of causes only when asked
// for with --log_level=debug (or trace).
import { inspect } from 'node:util';

import { messageOf } from '../errors.js';

export function errorLine(error: unknown): string {
  return `mesos-containerizer: ${messageOf(error)}\n`;
}

/** From the raw words, so that it holds even when they did not parse. */
export function debugRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  return flags.some((word, i) => /^--log_level=(debug|trace)$/.test(word) || (word === '--log_level' && /^(debug|trace)$/.test(flags[i + 1] ?? '')));
}

export function errorDetail(error: unknown): string {
  return `${inspect(error, { depth: 6 })}\n`;
}
