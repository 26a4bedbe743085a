// Filters: how long a framework does not want to see again the resources it
// declined (or left unused in an ACCEPT). Mesos's default is 5 seconds.
import * as z from 'zod/mini';

export const DEFAULT_REFUSE_SECONDS = 5;
/** Mesos caps a filter at a year: longer is as good as forever and overflows timers. */
export const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

export const FiltersSchema = z.object({
  refuse_seconds: z.optional(z.number()),
});

export type Filters = z.infer<typeof FiltersSchema>;

/** The filter's duration in seconds: the default when unset or negative (as Mesos), 0 for none. */
export function refuseSeconds(filters: Filters | undefined): number {
  const seconds = filters?.refuse_seconds;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return DEFAULT_REFUSE_SECONDS;
  return Math.min(seconds, MAX_REFUSE_SECONDS);
}
