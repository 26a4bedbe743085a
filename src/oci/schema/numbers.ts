// Number fields of the runtime spec: JSON numbers, checked for the range
// their C type has. int64 values past 2^53 lose precision in JSON.parse;
// the kernel files they are written to clamp them anyway (memory limits).
import * as z from 'zod/mini';

const integer = z.number().check(z.refine((n) => Number.isInteger(n), 'expected an integer'));

export const uint32 = integer.check(z.refine((n) => n >= 0 && n <= 0xffffffff, 'expected an integer from 0 to 4294967295'));
export const int32 = integer.check(z.refine((n) => n >= -0x80000000 && n <= 0x7fffffff, 'expected a 32-bit integer'));
export const uint64 = integer.check(z.refine((n) => n >= 0, 'expected a non-negative integer'));
export const int64 = integer;
export const uint16 = integer.check(z.refine((n) => n >= 0 && n <= 0xffff, 'expected an integer from 0 to 65535'));
