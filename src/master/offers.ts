// Offers: made from the allocator's decisions, sent in one OFFERS event per
// framework and round; taken back (their resources to the allocator) when
// used, declined, rescinded or when their framework or agent goes away.
import { events } from '../mesos/scheduler/event.js';
import type { Offer } from '../mesos/scheduler/offer.js';
import type { MasterContext } from './context.js';
import { isConnected } from './state/framework.js';
import type { OfferRecord } from './state/offer-book.js';

export function offerJson(ctx: MasterContext, offer: OfferRecord): Offer {
  const agent = ctx.agents.get(offer.agentId);
  return {
    id: { value: offer.id },
    framework_id: { value: offer.frameworkId },
    agent_id: { value: offer.agentId },
    hostname: agent?.info.hostname ?? '',
    resources: offer.resources,
    ...(agent?.info.attributes && { attributes: agent.info.attributes }),
    executor_ids: [],
  };
}

/** Takes an offer back. `rescind` tells its framework; `refuseSeconds` filters the resources (a decline). */
export function takeBackOffer(ctx: MasterContext, offerId: string, how: { rescind: boolean; refuseSeconds?: number }): OfferRecord | undefined {
  const offer = ctx.offers.remove(offerId);
  if (!offer) return undefined;
  ctx.allocator.recoverResources(offer.frameworkId, offer.agentId, offer.resources, how.refuseSeconds);
  const framework = ctx.frameworks.get(offer.frameworkId);
  if (how.rescind && framework && isConnected(framework)) framework.subscription!.send(events.rescind(offer.id));
  return offer;
}

export function rescindAgentOffers(ctx: MasterContext, agentId: string): void {
  for (const offer of ctx.offers.ofAgent(agentId)) takeBackOffer(ctx, offer.id, { rescind: true });
}

/** A framework that left: its offers die with its connection, so there is no one to tell. */
export function dropFrameworkOffers(ctx: MasterContext, frameworkId: string): void {
  for (const offer of ctx.offers.ofFramework(frameworkId)) takeBackOffer(ctx, offer.id, { rescind: false });
}

/** One allocation round: the allocator decides, the master makes and sends the offers. */
export function allocate(ctx: MasterContext): void {
  const byFramework = new Map<string, Offer[]>();
  for (const allocation of ctx.allocator.allocate()) {
    const framework = ctx.frameworks.get(allocation.frameworkId);
    const agent = ctx.agents.get(allocation.agentId);
    if (!framework || !isConnected(framework) || agent?.status !== 'registered') {
      // The allocator's view lagged behind; give it back without a filter.
      ctx.allocator.recoverResources(allocation.frameworkId, allocation.agentId, allocation.resources);
      continue;
    }
    const offer: OfferRecord = { id: ctx.ids.offer(), frameworkId: framework.id, agentId: agent.id, resources: allocation.resources };
    ctx.offers.add(offer);
    const list = byFramework.get(framework.id) ?? [];
    list.push(offerJson(ctx, offer));
    byFramework.set(framework.id, list);
  }
  for (const [frameworkId, offers] of byFramework) ctx.frameworks.get(frameworkId)!.subscription!.send(events.offers(offers));
}
