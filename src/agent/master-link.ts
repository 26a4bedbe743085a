// The agent's side of its link to the master: (re-)registration with
// backoff until the master answers, which master run it is registered with,
// and the silence after which it registers again. Messages go through one
// in-order outbox.
import type { Logger } from '../log/logger.js';
import { Outbox } from '../mesos/wire/outbox.js';
import type { PostResult } from '../mesos/wire/outbox.js';
import type { ToMaster } from '../mesos/wire/to-master.js';

export type LinkState = 'disconnected' | 'registering' | 'registered';

export interface MasterLinkOptions {
  url: string;
  /** Backoff between registration attempts: random up to factor x 2^attempt, at most 1 minute. */
  backoffFactorMs: number;
  /** Without a word (a PING) from the master this long, register again. */
  defaultPingTimeoutMs: number;
  /** The REGISTER_AGENT or REREGISTER_AGENT to send now. */
  registration(): ToMaster;
  /** Registration is needed again: stop sending updates. */
  onDisconnected(why: string): void;
  logger: Logger;
}

const MAX_BACKOFF_MS = 60_000;

export class MasterLink {
  state: LinkState = 'disconnected';
  /** The master run this agent registered with last. */
  masterId: string | undefined;
  private readonly outbox: Outbox;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private pingTimeoutMs: number;
  private closed = false;

  constructor(private readonly options: MasterLinkOptions) {
    this.outbox = new Outbox(options.url);
    this.pingTimeoutMs = options.defaultPingTimeoutMs;
  }

  /** Starts (or restarts) registering, unless already at it. */
  register(why: string): void {
    if (this.closed || this.state === 'registering') return;
    this.options.logger.info({ why }, 'registering with the master');
    this.state = 'registering';
    this.stopWatchdog();
    this.options.onDisconnected(why);
    this.attempt = 0;
    this.tryRegister();
  }

  /** The master answered: AGENT_REGISTERED or AGENT_REREGISTERED. */
  registered(masterId: string, pingTimeoutSeconds?: number): void {
    this.stopRetrying();
    this.state = 'registered';
    this.masterId = masterId;
    if (pingTimeoutSeconds) this.pingTimeoutMs = pingTimeoutSeconds * 1000;
    this.heard();
  }

  /** A PING from our master: it is there. */
  heard(): void {
    if (this.state !== 'registered' || this.closed) return;
    this.stopWatchdog();
    this.watchdog = setTimeout(() => this.register(`no word from the master for ${this.pingTimeoutMs / 1000} s`), this.pingTimeoutMs);
    this.watchdog.unref();
  }

  /** Sends a message; a 409 (the master does not know us) starts a registration. */
  async send(message: ToMaster): Promise<PostResult | undefined> {
    try {
      const result = await this.outbox.post(message);
      if (result.status === 409 && message.type !== 'REGISTER_AGENT' && message.type !== 'REREGISTER_AGENT') {
        this.state = this.state === 'registering' ? this.state : 'disconnected';
        this.register(`the master refused a ${message.type}: ${result.body.trim()}`);
      } else if (result.status >= 300) {
        this.options.logger.warn({ type: message.type, status: result.status, body: result.body.trim() }, 'the master refused a message');
      }
      return result;
    } catch (error) {
      this.options.logger.debug({ type: message.type, err: (error as Error).message }, 'a message did not reach the master');
      return undefined;
    }
  }

  close(): void {
    this.closed = true;
    this.stopRetrying();
    this.stopWatchdog();
    this.outbox.close();
  }

  private tryRegister(): void {
    if (this.state !== 'registering' || this.closed) return;
    void this.send(this.options.registration());
    const ceiling = Math.min(this.options.backoffFactorMs * 2 ** this.attempt, MAX_BACKOFF_MS);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.tryRegister(), Math.max(10, Math.random() * ceiling));
  }

  private stopRetrying(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }
}
