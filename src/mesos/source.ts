// Who produced a status update. 0.21's SOURCE_SLAVE is v1's SOURCE_AGENT.
import * as z from 'zod/mini';

export const SOURCES = ['SOURCE_MASTER', 'SOURCE_AGENT', 'SOURCE_EXECUTOR'] as const;
export type Source = (typeof SOURCES)[number];
export const SourceSchema = z.enum(SOURCES);
