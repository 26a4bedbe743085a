// Outstanding offers, by id, framework and agent.
import type { Resource } from '../../mesos/resources/resource.js';

export interface OfferRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly resources: Resource[];
}

export class OfferBook {
  private readonly byId = new Map<string, OfferRecord>();
  private readonly byFramework = new Map<string, Set<string>>();
  private readonly byAgent = new Map<string, Set<string>>();

  add(offer: OfferRecord): void {
    this.byId.set(offer.id, offer);
    index(this.byFramework, offer.frameworkId).add(offer.id);
    index(this.byAgent, offer.agentId).add(offer.id);
  }

  get(id: string): OfferRecord | undefined {
    return this.byId.get(id);
  }

  remove(id: string): OfferRecord | undefined {
    const offer = this.byId.get(id);
    if (!offer) return undefined;
    this.byId.delete(id);
    this.byFramework.get(offer.frameworkId)?.delete(id);
    this.byAgent.get(offer.agentId)?.delete(id);
    return offer;
  }

  ofFramework(frameworkId: string): OfferRecord[] {
    return [...(this.byFramework.get(frameworkId) ?? [])].map((id) => this.byId.get(id)!);
  }

  ofAgent(agentId: string): OfferRecord[] {
    return [...(this.byAgent.get(agentId) ?? [])].map((id) => this.byId.get(id)!);
  }

  get size(): number {
    return this.byId.size;
  }
}

function index(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
