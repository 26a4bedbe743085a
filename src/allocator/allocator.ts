// The master's offer policy, as a module kind (Mesos's Allocator). The master
// tells the allocator what exists, what is in use and what came back; the
// allocator decides who is offered what. Resources are v1 Resource lists, so
// port ranges and roles are offered as they are.
import type { Resource } from '../mesos/resources/resource.js';

export interface AllocatorFramework {
  /** Resources reserved for this role are offered to it; unreserved ones ("*") to everybody. */
  role?: string;
}

/** One offer to make: all of it goes to one framework, from one agent. */
export interface Allocation {
  frameworkId: string;
  agentId: string;
  resources: Resource[];
}

export interface Allocator {
  readonly name: string;
  /** A framework that is offered resources until it is deactivated or suppresses offers. */
  addFramework(frameworkId: string, framework: AllocatorFramework): void;
  removeFramework(frameworkId: string): void;
  /** A disconnected framework keeps its tasks but is offered nothing until it is activated again. */
  deactivateFramework(frameworkId: string): void;
  activateFramework(frameworkId: string): void;
  /** `used`: what running tasks already hold, by framework id (a re-registered agent). */
  addAgent(agentId: string, total: Resource[], used: Record<string, Resource[]>): void;
  removeAgent(agentId: string): void;
  /**
   * Resources a framework held come back: a declined or unused offer, an
   * ended task, a rescinded offer. With `refuseSeconds` > 0 the framework is
   * not offered these resources on this agent again for that long.
   */
  recoverResources(frameworkId: string, agentId: string, resources: Resource[], refuseSeconds?: number): void;
  /** No more offers to this framework until it revives (its filters stay). */
  suppressOffers(frameworkId: string): void;
  /** Offers again, and forgets the framework's filters. */
  reviveOffers(frameworkId: string): void;
  /** The next round of offers; what is offered stays the framework's until recovered. */
  allocate(): Allocation[];
}
