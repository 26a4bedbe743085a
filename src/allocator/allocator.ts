// The master's offer policy, as a module kind. The master tells the allocator
// what exists and what came back; the allocator decides who is offered what.
export type Resources = Record<string, number>;

export interface Offer {
  frameworkId: string;
  agentId: string;
  resources: Resources;
}

export interface Allocator {
  readonly name: string;
  addFramework(frameworkId: string): void;
  removeFramework(frameworkId: string): void;
  addAgent(agentId: string, total: Resources): void;
  removeAgent(agentId: string): void;
  /** Resources given back to the pool: a declined offer, an ended task. */
  recoverResources(frameworkId: string, agentId: string, resources: Resources): void;
  /** The next round of offers; what is offered stays the framework's until recovered. */
  allocate(): Offer[];
}

export function addResources(a: Resources, b: Resources): Resources {
  const sum: Resources = { ...a };
  for (const [name, amount] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + amount;
  return sum;
}

export function subtractResources(a: Resources, b: Resources): Resources {
  const left: Resources = { ...a };
  for (const [name, amount] of Object.entries(b)) left[name] = Math.max(0, (left[name] ?? 0) - amount);
  return left;
}

export function isEmpty(resources: Resources): boolean {
  return Object.values(resources).every((amount) => amount <= 0);
}
