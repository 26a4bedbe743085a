// The task's container as its agent reports it now (the agent's /state):
// id, state, isolation, limits, pid, user, cgroup, sandbox.
import type { ExecutorJson } from '../api/agent-api.js';
import { Facts } from '../components/facts.js';
import { html } from '../html.js';
import { formatNumber, formatTime } from '../model/format.js';

function limits(resources: { cpus?: number; mem?: number } | null | undefined): string {
  if (!resources) return 'none';
  const parts = [resources.cpus !== undefined ? `cpus ${formatNumber(resources.cpus)}` : '', resources.mem !== undefined ? `mem ${formatNumber(resources.mem)} MB` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function ending(c: NonNullable<ExecutorJson['container_status']>): string {
  if (c.exit_code !== null) return `exited with status ${c.exit_code}`;
  if (c.signal !== null) return `ended by signal ${c.signal}`;
  return c.message ?? '';
}

export function ContainerPanel({ executor }: { executor: ExecutorJson }) {
  const c = executor.container_status;
  return html`<${Facts} testId="container" items=${[
    ['Container', html`<code>${executor.container}</code>`],
    ['Sandbox', html`<code>${executor.directory}</code>`],
    ...((c
      ? [
          ['State', c.state],
          ['Pid', c.pid === null ? '' : html`<code data-testid="container-pid">${c.pid}</code>`],
          ['Isolation', c.isolation.length > 0 ? c.isolation.join(', ') : 'none (posix)'],
          ['Limits', limits(c.resources)],
          ['User', c.user ?? ''],
          ['Cgroup', c.cgroup ? html`<code>${c.cgroup}</code>` : ''],
          ['Created', c.created ? formatTime(Date.parse(c.created) / 1000) : ''],
          ...(c.state === 'exited' ? [['Ended', `${c.finished_at ? formatTime(Date.parse(c.finished_at) / 1000) : ''} ${ending(c)}`]] : []),
        ]
      : [['State', html`<span class="muted">The agent no longer keeps this container's record (it ended and its end was acknowledged); its sandbox stays.</span>`]]) as Array<[string, unknown]>),
  ]} />`;
}
