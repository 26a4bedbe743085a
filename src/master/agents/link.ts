// Messages to one agent: in order, over one kept-alive connection, at most
// once (docs/agent-master-protocol.md). PINGs travel on their own connection
// so that a slow message never delays the health check.
import { messageOf } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { ToAgent, ToAgentType } from '../../mesos/wire/to-agent.js';
import type { Pong } from '../../mesos/wire/to-agent.js';
import { PongSchema } from '../../mesos/wire/to-agent.js';
import { toAgent } from '../../mesos/wire/messages.js';
import { Outbox } from '../../mesos/wire/outbox.js';
import { AGENT_MESSAGE_PATH, addressUrl } from '../../mesos/wire/protocol.js';
import type { Address } from '../../mesos/wire/protocol.js';

type Payload<T extends ToAgentType> = Extract<ToAgent, { type: T }> extends infer M ? M[Lowercase<T> & keyof M] : never;

export class AgentLink {
  private readonly outbox: Outbox;
  private readonly pings: Outbox;

  constructor(
    readonly address: Address,
    private readonly masterId: string,
    pingTimeoutMs: number,
    private readonly log: Logger,
  ) {
    const url = addressUrl(address, AGENT_MESSAGE_PATH);
    this.outbox = new Outbox(url);
    // An answer must come before the next PING is due, or this one counts as missed.
    this.pings = new Outbox(url, Math.max(50, Math.floor(pingTimeoutMs * 0.9)));
  }

  /** Resolves true when the agent took the message (2xx), false when it did not (logged). */
  async send<T extends Exclude<ToAgentType, 'PING'>>(type: T, payload: Payload<T>): Promise<boolean> {
    try {
      await this.outbox.send(toAgent(type, this.masterId, payload));
      return true;
    } catch (error) {
      this.log.warn({ agent: `${this.address.ip}:${this.address.port}`, message: type }, `message not delivered: ${messageOf(error)}`);
      return false;
    }
  }

  /** The agent's PONG, or undefined when it did not answer in time. */
  async ping(connected: boolean): Promise<Pong | undefined> {
    try {
      const answer = await this.pings.send(toAgent('PING', this.masterId, { connected }));
      const parsed = PongSchema.safeParse(JSON.parse(answer.body));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.outbox.close();
    this.pings.close();
  }
}
