// Dominant Resource Fairness (Ghodsi et al., Mesos's default allocator):
// each agent's free resources go, all of them, to the framework whose largest
// share of any scalar resource of the cluster is the smallest, skipping
// frameworks that are inactive, suppressed, of another role, or that refused
// those resources recently.
import { addResources, subtractResources } from '../mesos/resources/arithmetic.js';
import type { Resource } from '../mesos/resources/resource.js';
import { UNRESERVED_ROLE, roleOf } from '../mesos/resources/resource.js';
import type { Allocation, Allocator, AllocatorFramework } from './allocator.js';
import { RefusalFilters } from './refusal-filters.js';
import { addScalars, dominantShare, isAllocatable, scalarTotals } from './scalars.js';

interface FrameworkEntry {
  role: string;
  active: boolean;
  suppressed: boolean;
}

interface AgentEntry {
  total: Resource[];
  /** What each framework holds here: offered or in use by its tasks. */
  allocated: Map<string, Resource[]>;
}

export interface DrfOptions {
  /** Milliseconds; the filters' clock (tests move it). */
  now?: () => number;
}

export function createDrfAllocator(options: DrfOptions = {}): Allocator {
  const frameworks = new Map<string, FrameworkEntry>();
  const agents = new Map<string, AgentEntry>();
  const filters = new RefusalFilters(options.now ?? Date.now);

  const available = (agent: AgentEntry): Resource[] => subtractResources(agent.total, [...agent.allocated.values()].flat());

  /** Scalar totals each framework holds over all agents. */
  function holdings(): Map<string, Record<string, number>> {
    const held = new Map<string, Record<string, number>>();
    for (const agent of agents.values()) {
      for (const [id, resources] of agent.allocated) held.set(id, addScalars(held.get(id) ?? {}, scalarTotals(resources)));
    }
    return held;
  }

  return {
    name: 'HierarchicalDRF',
    addFramework(id, framework: AllocatorFramework) {
      const existing = frameworks.get(id);
      frameworks.set(id, { role: framework.role ?? UNRESERVED_ROLE, active: existing?.active ?? true, suppressed: existing?.suppressed ?? false });
    },
    removeFramework(id) {
      frameworks.delete(id);
      filters.clearFramework(id);
      for (const agent of agents.values()) agent.allocated.delete(id);
    },
    deactivateFramework(id) {
      const framework = frameworks.get(id);
      if (framework) framework.active = false;
    },
    activateFramework(id) {
      const framework = frameworks.get(id);
      if (framework) framework.active = true;
    },
    addAgent(id, total, used) {
      const allocated = new Map<string, Resource[]>();
      for (const [frameworkId, resources] of Object.entries(used)) if (resources.length > 0) allocated.set(frameworkId, addResources([], resources));
      agents.set(id, { total: addResources([], total), allocated });
    },
    removeAgent(id) {
      agents.delete(id);
      filters.clearAgent(id);
    },
    recoverResources(frameworkId, agentId, resources, refuseSeconds) {
      const agent = agents.get(agentId);
      if (!agent) return;
      const held = agent.allocated.get(frameworkId);
      if (held) {
        const left = subtractResources(held, resources);
        if (left.length > 0) agent.allocated.set(frameworkId, left);
        else agent.allocated.delete(frameworkId);
      }
      if (refuseSeconds && frameworks.has(frameworkId)) filters.add(frameworkId, agentId, addResources([], resources), refuseSeconds);
    },
    suppressOffers(id) {
      const framework = frameworks.get(id);
      if (framework) framework.suppressed = true;
    },
    reviveOffers(id) {
      const framework = frameworks.get(id);
      if (framework) framework.suppressed = false;
      filters.clearFramework(id);
    },
    allocate(): Allocation[] {
      const offers: Allocation[] = [];
      const cluster = scalarTotals([...agents.values()].flatMap((a) => a.total));
      const held = holdings();
      const share = (id: string): number => dominantShare(held.get(id) ?? {}, cluster);
      for (const [agentId, agent] of [...agents.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const free = available(agent);
        if (!isAllocatable(free)) continue;
        const candidates = [...frameworks.entries()]
          .filter(([, f]) => f.active && !f.suppressed)
          .map(([id, f]) => ({ id, role: f.role, share: share(id) }))
          .sort((a, b) => a.share - b.share || a.id.localeCompare(b.id));
        for (const { id: frameworkId, role } of candidates) {
          const offerable = free.filter((r) => roleOf(r) === UNRESERVED_ROLE || roleOf(r) === role);
          if (!isAllocatable(offerable) || filters.refuses(frameworkId, agentId, offerable)) continue;
          agent.allocated.set(frameworkId, addResources(agent.allocated.get(frameworkId) ?? [], offerable));
          held.set(frameworkId, addScalars(held.get(frameworkId) ?? {}, scalarTotals(offerable)));
          offers.push({ frameworkId, agentId, resources: offerable });
          break;
        }
      }
      return offers;
    },
  };
}
