// Status update uuids: 16 random bytes, written as base64 as the v1 API
// writes every `bytes` field.
import { randomBytes } from 'node:crypto';

import * as z from 'zod/mini';

export function newUuid(): string {
  return randomBytes(16).toString('base64');
}

/** The canonical 8-4-4-4-12 form, for logs and messages. */
export function uuidText(base64: string): string {
  const hex = Buffer.from(base64, 'base64').toString('hex');
  if (hex.length !== 32) return base64;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Padding is optional: the v1 documentation's own examples leave it out.
const isBase64 = (text: string): boolean => /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.replace(/=+$/, '').length % 4 !== 1;

/** A `bytes` field: base64 text. */
export const BytesSchema = z.string().check(z.refine(isBase64, 'must be base64'));
/** A uuid: base64 bytes, compared as given (we make 16-byte ones). */
export const UuidSchema = z.string().check(z.minLength(1, 'must not be empty'), z.refine(isBase64, 'must be base64'));
