// Small readers for Mesos JSON documents (protobuf's JSON form): each names
// the field that is wrong. Unknown keys are ignored, as protobuf does.
import type { ErrorCode } from '../errors.js';
import { InvalidInputError, jsonErrorOf } from '../errors.js';

export class JsonReader {
  constructor(
    private readonly code: ErrorCode,
    private readonly document: string,
  ) {}

  fail(field: string, why: string): never {
    throw new InvalidInputError(this.code, `invalid ${this.document}: '${field}' ${why}`);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'must be a JSON object');
    return value as Record<string, unknown>;
  }

  optionalString(value: unknown, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(field, 'must be a string');
    return value as string;
  }

  optionalBoolean(value: unknown, field: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false');
    return value as boolean;
  }

  optionalArray(value: unknown, field: string): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(field, 'must be an array');
    return value as unknown[];
  }
}

/** Parses JSON, naming the document and the flag it came from on failure. */
export function parseJsonDocument(text: string, code: ErrorCode, document: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(code, `invalid ${document}: not valid JSON (${jsonErrorOf(cause)})`, { cause });
  }
}
