// Labels, as v1 writes them: {"labels": [{"key": "k", "value": "v"}]}.
import * as z from 'zod/mini';

export const LabelSchema = z.object({ key: z.string(), value: z.optional(z.string()) });
export const LabelsSchema = z.object({ labels: z._default(z.array(LabelSchema), []) });

export type Label = z.infer<typeof LabelSchema>;
export type Labels = z.infer<typeof LabelsSchema>;

export function labelsFrom(record: Record<string, string>): Labels {
  return { labels: Object.entries(record).map(([key, value]) => ({ key, value })) };
}
