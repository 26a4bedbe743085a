// Decline filters (Mesos's RefusedOfferFilter): after a framework refuses
// resources on an agent for N seconds, it is not offered that agent again
// for that long, unless what the agent has free grows beyond what was
// refused (a task ended there), or the framework revives.
import { containsResources } from '../mesos/resources/arithmetic.js';
import type { Resource } from '../mesos/resources/resource.js';

interface Refusal {
  resources: Resource[];
  until: number;
}

export class RefusalFilters {
  private readonly byFramework = new Map<string, Map<string, Refusal[]>>();

  constructor(private readonly now: () => number) {}

  add(frameworkId: string, agentId: string, resources: Resource[], seconds: number): void {
    if (!(seconds > 0) || resources.length === 0) return;
    const agents = this.byFramework.get(frameworkId) ?? new Map<string, Refusal[]>();
    this.byFramework.set(frameworkId, agents);
    const refusals = agents.get(agentId) ?? [];
    refusals.push({ resources, until: this.now() + seconds * 1000 });
    agents.set(agentId, refusals);
  }

  /** The framework refused (and still refuses) everything in `resources` on this agent. */
  refuses(frameworkId: string, agentId: string, resources: Resource[]): boolean {
    const agents = this.byFramework.get(frameworkId);
    const refusals = agents?.get(agentId);
    if (!agents || !refusals) return false;
    const now = this.now();
    const live = refusals.filter((r) => r.until > now);
    if (live.length === 0) agents.delete(agentId);
    else if (live.length !== refusals.length) agents.set(agentId, live);
    return live.some((r) => containsResources(r.resources, resources));
  }

  clearFramework(frameworkId: string): void {
    this.byFramework.delete(frameworkId);
  }

  clearAgent(agentId: string): void {
    for (const agents of this.byFramework.values()) agents.delete(agentId);
  }
}
