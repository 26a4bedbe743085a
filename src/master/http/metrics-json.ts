// GET /metrics/snapshot: the counters of Metrics, plus gauges computed from
// the books, with Mesos's names.
import { scalarOf } from '../../mesos/resources/arithmetic.js';
import { isTerminal } from '../../mesos/task-state.js';
import type { MasterContext } from '../context.js';
import { isConnected } from '../state/framework.js';

export function metricsJson(ctx: MasterContext): Record<string, number> {
  const agents = [...ctx.agents.values()];
  const frameworks = [...ctx.frameworks.values()];
  const registered = agents.filter((a) => a.status === 'registered');
  const gauges: Record<string, number> = {
    'master/uptime_secs': (Date.now() - ctx.startTime) / 1000,
    'master/elected': 1,
    'master/slaves_active': registered.length,
    'master/slaves_inactive': agents.length - registered.length,
    'master/slaves_connected': registered.length,
    'master/slaves_disconnected': agents.length - registered.length,
    'master/frameworks_connected': frameworks.filter(isConnected).length,
    'master/frameworks_disconnected': frameworks.filter((f) => !isConnected(f)).length,
    'master/frameworks_active': frameworks.filter((f) => isConnected(f) && !f.suppressed).length,
    'master/frameworks_inactive': frameworks.filter((f) => !isConnected(f) || f.suppressed).length,
    'master/outstanding_offers': ctx.offers.size,
    'registrar/registry_writes': ctx.registry.writeCount,
  };
  for (const name of ['cpus', 'mem', 'disk']) {
    const total = registered.reduce((sum, a) => sum + scalarOf(a.total, name), 0);
    const used = registered.reduce((sum, a) => sum + [...a.tasks.values()].filter((t) => !isTerminal(t.state)).reduce((s, t) => s + scalarOf(t.resources, name), 0), 0);
    gauges[`master/${name}_total`] = total;
    gauges[`master/${name}_used`] = used;
    gauges[`master/${name}_percent`] = total > 0 ? used / total : 0;
  }
  return ctx.metrics.snapshot(gauges);
}
