// The agent<->master wire (docs/agent-master-protocol.md): HTTP+JSON, each
// side POSTs to the other's port, one JSON message per request.
import * as z from 'zod/mini';

/** Bumped on an incompatible change; the paths carry it too. */
export const PROTOCOL_VERSION = 1;
/** Where a master takes messages from agents. */
export const MASTER_MESSAGE_PATH = '/internal/v1/master';
/** Where an agent takes messages from its master. */
export const AGENT_MESSAGE_PATH = '/internal/v1/agent';

export const VersionSchema = z.literal(PROTOCOL_VERSION, `must be ${PROTOCOL_VERSION} (the protocol version this side speaks)`);

/** Where a peer listens: its messages path is fixed by the protocol. */
export const AddressSchema = z.object({
  ip: z.string().check(z.minLength(1, 'must not be empty')),
  port: z.int().check(z.positive('must be positive'), z.lte(65535, 'must be at most 65535')),
  hostname: z.optional(z.string()),
});
export type Address = z.infer<typeof AddressSchema>;

export function addressUrl(address: Address, path: string): string {
  const host = address.ip.includes(':') ? `[${address.ip}]` : address.ip;
  return `http://${host}:${address.port}${path}`;
}

/** How long a side may go without hearing its peer before it acts (re-register, remove). */
export const ConnectionSchema = z.object({ total_ping_timeout_seconds: z.number().check(z.positive('must be positive')) });
