// Parsing a document with its schema: the first problem found becomes one
// line that names the document and the field, e.g.
//   invalid TaskInfo: 'resources[0].scalar.value' must be a number
// Unknown keys are dropped, as protobuf's JSON parser ignores them.
import * as z from 'zod/mini';

import type { ErrorCode } from '../errors.js';
import { InvalidInputError, jsonErrorOf } from '../errors.js';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** `a.b[0].c`; the whole document is `(top level)`. */
export function formatPath(path: readonly PathKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'must be a string',
  number: 'must be a number',
  int: 'must be an integer',
  boolean: 'must be true or false',
  object: 'must be a JSON object',
  array: 'must be an array',
};

const quoteAll = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function describe(issue: Issue, input: unknown): string {
  // A message given where the schema was written says it best.
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return 'is required';
      return TYPE_WORDS[issue.expected] ?? `must be of type ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoteAll(issue.values)}` : `must be one of ${quoteAll(issue.values)}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) return `must be one of ${quoteAll(issue.options as unknown[])}`;
      return 'matches none of the accepted forms';
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must have at least ${issue.minimum} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array') return `must have at most ${issue.maximum} entries`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_format':
      return `must be ${issue.format === 'base64' ? 'base64' : `a valid ${issue.format}`}`;
    default:
      return 'is invalid';
  }
}

/** The one-line description of a failed parse: the first issue, and how many more there are. */
export function describeIssues(issues: readonly Issue[], input: unknown, document: string): string {
  const first = issues[0];
  if (!first) return `invalid ${document}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `invalid ${document}: '${formatPath(first.path)}' ${describe(first, input)}${more}`;
}

/** Parses `input` with `schema`, or throws an InvalidInputError with `code` naming the field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown, document: string, code: ErrorCode): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidInputError(code, describeIssues(result.error.issues, input, document), { cause: result.error });
}

/** JSON.parse, naming the document on failure. */
export function parseJsonText(text: string, document: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(code, `invalid ${document}: not valid JSON (${jsonErrorOf(cause)})`, { cause });
  }
}
