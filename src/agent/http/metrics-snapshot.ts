// GET /metrics/snapshot: a flat JSON object, Mesos's names where Mesos has
// them (slave/...), and the status updates still waiting for the master.
import { scalarOf } from '../../mesos/resources/index.js';
import type { Agent } from '../agent.js';

export function metricsSnapshot(agent: Agent): Record<string, number> {
  const live = agent.table.liveTasks().filter((t) => !t.silent);
  const count = (state: string): number => live.filter((t) => t.state === state).length;
  const holding = live.filter((t) => t.phase === 'launching' || t.phase === 'running');
  const used = (name: string): number => holding.reduce((sum, t) => sum + scalarOf(t.resources, name), 0);
  const total = (name: string): number => scalarOf(agent.config.resources, name);
  return {
    ...agent.metrics.counterValues(),
    'slave/uptime_secs': (Date.now() - agent.metrics.startedAt) / 1000,
    'slave/registered': agent.link.state === 'registered' ? 1 : 0,
    'slave/recovery_errors': agent.metrics.get('slave/recovery_errors'),
    'slave/tasks_staging': count('TASK_STAGING'),
    'slave/tasks_starting': count('TASK_STARTING'),
    'slave/tasks_running': count('TASK_RUNNING'),
    'slave/executors_running': holding.length,
    'slave/frameworks_active': new Set(live.map((t) => t.frameworkId)).size,
    'slave/cpus_total': total('cpus'),
    'slave/cpus_used': used('cpus'),
    'slave/mem_total': total('mem'),
    'slave/mem_used': used('mem'),
    'slave/disk_total': total('disk'),
    'slave/disk_used': used('disk'),
    'slave/status_updates_pending': agent.sum.pendingCount,
    'gc/path_removals_succeeded': agent.gc.collector.succeeded,
    'gc/path_removals_failed': agent.gc.collector.failed,
    'gc/path_removals_pending': agent.gc.collector.pending,
  };
}
