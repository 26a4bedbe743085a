// Container ids become directory and cgroup names, so they are held to the
// rules later Mesos versions enforce: no separators, no dot names.
import { InvalidInputError } from '../errors.js';

const ALLOWED = /^[A-Za-z0-9_.-]+$/;
export const MAX_CONTAINER_ID_LENGTH = 200;

export function validateContainerId(id: unknown): string {
  const fail = (why: string): never => {
    throw new InvalidInputError('INVALID_CONTAINER_ID', `invalid container id ${JSON.stringify(id)}: ${why}`);
  };
  if (typeof id !== 'string' || id.length === 0) return fail('it must not be empty');
  if (id.length > MAX_CONTAINER_ID_LENGTH) fail(`it is longer than ${MAX_CONTAINER_ID_LENGTH} characters`);
  if (id === '.' || id === '..') fail("'.' and '..' are not allowed");
  if (!ALLOWED.test(id)) fail("only letters, digits, '-', '_' and '.' are allowed");
  return id;
}
