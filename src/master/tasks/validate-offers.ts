// Whether the offers of an ACCEPT can be used (Mesos's offer validators):
// given, distinct, still outstanding, the framework's own, all on one agent.
import type { MasterContext } from '../context.js';
import type { OfferRecord } from '../state/offer-book.js';

export type OfferCheck = { ok: true; offers: OfferRecord[]; agentId: string } | { ok: false; error: string };

export function validateOffers(ctx: MasterContext, frameworkId: string, offerIds: readonly string[]): OfferCheck {
  if (offerIds.length === 0) return { ok: false, error: 'No offers specified' };
  const offers: OfferRecord[] = [];
  const seen = new Set<string>();
  for (const id of offerIds) {
    if (seen.has(id)) return { ok: false, error: `Duplicate offer ${id} in the same ACCEPT` };
    seen.add(id);
    const offer = ctx.offers.get(id);
    if (!offer) return { ok: false, error: `Offer ${id} is no longer valid` };
    if (offer.frameworkId !== frameworkId) return { ok: false, error: `Offer ${id} has invalid framework ${offer.frameworkId} while framework ${frameworkId} is expected` };
    if (offers[0] && offer.agentId !== offers[0].agentId) {
      return { ok: false, error: `Aggregated offers must belong to one single agent: offer ${id} is on agent ${offer.agentId}, offer ${offers[0].id} on ${offers[0].agentId}` };
    }
    offers.push(offer);
  }
  const agentId = offers[0]!.agentId;
  if (ctx.agents.get(agentId)?.status !== 'registered') return { ok: false, error: `Offers are for agent ${agentId}, which is not registered` };
  return { ok: true, offers, agentId };
}
