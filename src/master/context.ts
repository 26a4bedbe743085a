// Everything the master's parts share: its options, ids, books and services.
// One object, owned by Master; the parts are functions of it.
import type { Allocator } from '../allocator/allocator.js';
import type { Logger } from '../log/logger.js';
import type { IdGenerator } from './ids.js';
import type { Metrics } from './metrics.js';
import type { MasterOptions } from './options.js';
import type { Registry } from './registry/registry.js';
import type { AgentRecord } from './state/agent.js';
import type { BoundedList } from './state/bounded-list.js';
import type { FrameworkRecord } from './state/framework.js';
import type { OfferBook } from './state/offer-book.js';

export interface MasterContext {
  readonly options: MasterOptions;
  readonly log: Logger;
  readonly ids: IdGenerator;
  readonly registry: Registry;
  readonly allocator: Allocator;
  readonly agents: Map<string, AgentRecord>;
  readonly frameworks: Map<string, FrameworkRecord>;
  readonly completedFrameworks: BoundedList<FrameworkRecord>;
  readonly offers: OfferBook;
  readonly metrics: Metrics;
  /** Milliseconds since the epoch. */
  readonly startTime: number;
  /** Runs an allocation soon, once for any number of calls before it runs. */
  allocateSoon(): void;
  /** Set once the master is stopping: nothing new starts. */
  readonly stopped: boolean;
  /** Something the master promised cannot be kept (the registry cannot be written): it stops. */
  fatal(error: unknown): void;
}
