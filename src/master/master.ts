// mesos-master as a library: start() reads the registry, listens, and runs
// the allocation loop and the health checks; stop() ends it all.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { messageOf } from '../errors.js';
import { pingAgent, startHealthChecks } from './agents/health.js';
import { newAgentRecord } from './agents/agent-record.js';
import { removeAgent } from './agents/remove-agent.js';
import type { MasterContext } from './context.js';
import { MasterStartError } from './errors.js';
import type { Route } from './http/server.js';
import { createMasterServer } from './http/server.js';
import { IdGenerator } from './ids.js';
import { Metrics } from './metrics.js';
import { allocate } from './offers.js';
import type { MasterOptions } from './options.js';
import { Registry } from './registry/registry.js';
import { BoundedList } from './state/bounded-list.js';
import { OfferBook } from './state/offer-book.js';

export class Master {
  private readonly timers: Array<() => void> = [];
  private allocationQueued = false;
  private stopping: Promise<void> | undefined;
  private fatalError: unknown;

  private constructor(
    readonly ctx: MasterContext & { stopped: boolean },
    private readonly server: Server,
  ) {}

  static async start(options: MasterOptions & { onFatal?: (error: unknown) => void; routes?: Record<string, Route> }): Promise<Master> {
    const registry = await Registry.open(options.workDir);
    let master: Master | undefined;
    const ctx: MasterContext & { stopped: boolean } = {
      options,
      log: options.logger,
      ids: new IdGenerator(),
      registry,
      allocator: options.allocator,
      agents: new Map(),
      frameworks: new Map(),
      completedFrameworks: new BoundedList(options.maxCompletedFrameworks),
      offers: new OfferBook(),
      metrics: new Metrics(),
      startTime: Date.now(),
      stopped: false,
      allocateSoon: () => master?.allocateSoon(),
      fatal: (error) => master?.fatal(error, options.onFatal),
    };
    const server = createMasterServer(ctx, () => master?.address ?? '', options.routes);
    master = new Master(ctx, server);
    await master.listen();
    master.recoverAgents();
    master.startLoops();
    options.logger.info({ master: ctx.ids.masterId, address: master.address, agents: ctx.agents.size }, 'master started');
    return master;
  }

  get masterId(): string {
    return this.ctx.ids.masterId;
  }

  /** ip:port where it listens. */
  get address(): string {
    const bound = this.server.address() as AddressInfo | null;
    return bound ? `${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}` : '';
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops listening, ends every subscription and timer, and waits for the registry's last write. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ctx.stopped = true;
      for (const stop of this.timers.splice(0)) stop();
      for (const framework of this.ctx.frameworks.values()) {
        clearTimeout(framework.failoverTimer);
        const subscription = framework.subscription;
        framework.subscription = undefined;
        subscription?.close();
      }
      for (const agent of this.ctx.agents.values()) agent.link.close();
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
      await this.ctx.registry.flush().catch(() => undefined);
    })();
    return this.stopping;
  }

  private async listen(): Promise<void> {
    const { ip, port } = this.ctx.options;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error) => reject(new MasterStartError('LISTEN_FAILED', `cannot listen on ${ip}:${port}: ${messageOf(error)}`, { cause: error })));
      this.server.listen(port, ip, () => resolve());
    });
    this.server.keepAliveTimeout = 65_000;
  }

  /** Agents of the registry are in transition until they re-register or the timeout passes. */
  private recoverAgents(): void {
    const { ctx } = this;
    for (const known of ctx.registry.knownAgents()) {
      const agent = newAgentRecord(ctx, { id: known.id, info: known.info, address: known.address, version: known.version, status: 'recovered' });
      ctx.agents.set(agent.id, agent);
      pingAgent(ctx, agent);
    }
    if (ctx.agents.size === 0) return;
    const timer = setTimeout(() => {
      for (const agent of [...ctx.agents.values()]) {
        if (agent.status === 'recovered') {
          void removeAgent(ctx, agent, `it did not re-register within ${ctx.options.agentReregisterTimeoutMs / 1000} s of the master's restart`, 'reregister_timeout');
        }
      }
    }, ctx.options.agentReregisterTimeoutMs);
    this.timers.push(() => clearTimeout(timer));
  }

  private startLoops(): void {
    const allocation = setInterval(() => this.allocateNow(), this.ctx.options.allocationIntervalMs);
    this.timers.push(() => clearInterval(allocation));
    this.timers.push(startHealthChecks(this.ctx));
  }

  private allocateSoon(): void {
    if (this.allocationQueued || this.ctx.stopped) return;
    this.allocationQueued = true;
    setImmediate(() => this.allocateNow());
  }

  private allocateNow(): void {
    this.allocationQueued = false;
    if (this.ctx.stopped) return;
    try {
      allocate(this.ctx);
    } catch (error) {
      this.ctx.log.error({ err: error }, `allocation failed: ${messageOf(error)}`);
    }
  }

  private fatal(error: unknown, onFatal?: (error: unknown) => void): void {
    if (this.fatalError !== undefined) return;
    this.fatalError = error;
    this.ctx.log.error({ err: error }, `stopping: ${messageOf(error)}`);
    void this.stop().finally(() => onFatal?.(error));
  }
}
