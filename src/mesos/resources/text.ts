// The --resources flag: Mesos's text form
//   cpus:2;mem:1024;disk:4096;ports:[31000-32000];disks:{sda,sdb};cpus(web):1
// or a JSON array of v1 Resources. format() writes the text form back.
import { InvalidInputError } from '../../errors.js';
import { parseJsonText, parseWith } from '../validate.js';
import { normalizeResources, roundScalar } from './arithmetic.js';
import type { Range, Resource } from './resource.js';
import { ResourceListSchema, UNRESERVED_ROLE, rangesResource, roleOf, scalarResource, setResource } from './resource.js';

const CODE = 'INVALID_RESOURCES';
const ENTRY = /^([A-Za-z0-9_./-]+)(?:\(([^()]+)\))?:(.*)$/s;

function fail(text: string, why: string): never {
  throw new InvalidInputError(CODE, `invalid resources '${text}': ${why}`);
}

function parseRanges(text: string, name: string, body: string): Range[] {
  if (body.trim() === '') return [];
  return body.split(',').map((part) => {
    const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (!match) fail(text, `'${name}' has a bad range '${part.trim()}' (expected BEGIN-END)`);
    const begin = Number(match[1]);
    const end = Number(match[2]);
    if (begin > end) fail(text, `'${name}' has a range that ends before it begins: ${begin}-${end}`);
    return { begin, end };
  });
}

function parseEntry(text: string, entry: string): Resource {
  const match = ENTRY.exec(entry.trim());
  if (!match) fail(text, `'${entry.trim()}' is not NAME:VALUE or NAME(ROLE):VALUE`);
  const [, name, role = UNRESERVED_ROLE, rawValue] = match as unknown as [string, string, string | undefined, string];
  const value = rawValue.trim();
  if (value.startsWith('[')) {
    if (!value.endsWith(']')) fail(text, `'${name}' has no closing ']'`);
    return rangesResource(name, parseRanges(text, name, value.slice(1, -1)), role);
  }
  if (value.startsWith('{')) {
    if (!value.endsWith('}')) fail(text, `'${name}' has no closing '}'`);
    const items = value.slice(1, -1).split(',').map((item) => item.trim()).filter(Boolean);
    return setResource(name, items, role);
  }
  const number = Number(value);
  if (value === '' || !Number.isFinite(number)) fail(text, `the value of '${name}' must be a number, [BEGIN-END,...] or {ITEM,...} (got '${value}')`);
  if (number < 0) fail(text, `'${name}' must not be negative`);
  return scalarResource(name, number, role);
}

/** Parses the text or JSON form; entries of one name and role add up. */
export function parseResources(text: string): Resource[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const json = parseJsonText(trimmed, 'resources', CODE);
    return normalizeResources(parseWith(ResourceListSchema, json, 'resources', CODE));
  }
  const entries = trimmed.split(';').filter((entry) => entry.trim() !== '');
  return normalizeResources(entries.map((entry) => parseEntry(text, entry)));
}

function formatValue(r: Resource): string {
  if (r.type === 'SCALAR') return String(roundScalar(r.scalar?.value ?? 0));
  if (r.type === 'RANGES') return `[${(r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(',')}]`;
  return `{${(r.set?.item ?? []).join(',')}}`;
}

/** The text form: cpus:2;mem:1024;ports:[31000-32000] (a role other than '*' in parentheses). */
export function formatResources(resources: readonly Resource[]): string {
  return resources
    .map((r) => `${r.name}${roleOf(r) === UNRESERVED_ROLE ? '' : `(${roleOf(r)})`}:${formatValue(r)}`)
    .join(';');
}
