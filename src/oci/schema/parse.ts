// JSON text to a checked document: one-line errors naming the file and the
// field (zod/mini has no messages of its own: "Invalid input").
import type * as z from 'zod/mini';

import { jsonErrorOf } from '../../errors.js';
import { OciConfigError } from '../errors.js';

type Issue = z.core.$ZodIssue;

function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(the document)';
}

function describe(issue: Issue): string {
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
    return `expected ${expected}`;
  }
  return issue.message === 'Invalid input' ? issue.code.replaceAll('_', ' ') : issue.message;
}

export function issuesMessage(issues: readonly Issue[]): string {
  const [first] = issues;
  if (!first) return 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${fieldOf(first.path)}: ${describe(first)}${more}`;
}

export function parseDocument<T>(schema: z.ZodMiniType<T>, text: string, file: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new OciConfigError(file, `not valid JSON: ${jsonErrorOf(cause)}`, { cause });
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new OciConfigError(file, issuesMessage(result.error.issues));
  return result.data;
}
