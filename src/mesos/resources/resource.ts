// A Mesos Resource in v1 JSON:
//   {"name":"cpus","type":"SCALAR","scalar":{"value":2}}
//   {"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]}}
//   {"name":"disks","type":"SET","set":{"item":["sda","sdb"]}}
// with an optional "role" ("*", unreserved, when absent).
import * as z from 'zod/mini';

export const VALUE_TYPES = ['SCALAR', 'RANGES', 'SET'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

const nonNegative = z.number().check(z.nonnegative('must not be negative'));
const port = z.int().check(z.nonnegative('must not be negative'));

export const RangeSchema = z
  .object({ begin: port, end: port })
  .check(z.refine((r) => r.begin <= r.end, { message: 'must not be less than begin', path: ['end'] }));
export const ScalarSchema = z.object({ value: nonNegative });
export const RangesSchema = z.object({ range: z._default(z.array(RangeSchema), []) });
export const SetSchema = z.object({ item: z._default(z.array(z.string()), []) });

export const ResourceSchema = z
  .object({
    name: z.string().check(z.minLength(1, 'must not be empty')),
    type: z.enum(VALUE_TYPES),
    scalar: z.optional(ScalarSchema),
    ranges: z.optional(RangesSchema),
    set: z.optional(SetSchema),
    role: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  })
  .check(
    z.superRefine((resource, ctx) => {
      const field = ({ SCALAR: 'scalar', RANGES: 'ranges', SET: 'set' } as const)[resource.type];
      if (resource[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `is required for a ${resource.type} resource` });
    }),
  );

export const ResourceListSchema = z.array(ResourceSchema);

export type Range = z.infer<typeof RangeSchema>;
export type Resource = z.infer<typeof ResourceSchema>;

export const UNRESERVED_ROLE = '*';

export function roleOf(resource: Resource): string {
  return resource.role ?? UNRESERVED_ROLE;
}

export function scalarResource(name: string, value: number, role?: string): Resource {
  return { name, type: 'SCALAR', scalar: { value }, ...(role && role !== UNRESERVED_ROLE && { role }) };
}

export function rangesResource(name: string, ranges: Range[], role?: string): Resource {
  return { name, type: 'RANGES', ranges: { range: ranges }, ...(role && role !== UNRESERVED_ROLE && { role }) };
}

export function setResource(name: string, items: string[], role?: string): Resource {
  return { name, type: 'SET', set: { item: items }, ...(role && role !== UNRESERVED_ROLE && { role }) };
}
