// The cluster at a glance: agents, frameworks, tasks by state, resources.
// Counts are of what /state lists now; the metrics column counts since the
// master started (ended tasks are kept in /state only up to a limit).
import type { MasterState, Metrics } from '../api/master-state.js';
import { StateBadge } from '../components/task-bits.js';
import { WithState } from '../components/with-state.js';
import { html } from '../html.js';
import { formatDuration, formatNumber } from '../model/format.js';
import { SCALARS, sumScalars } from '../model/resources.js';
import { countByState, taskRows } from '../model/tasks.js';
import { TASK_STATES, isTerminal, shortState } from '../model/task-states.js';
import { href } from '../routes.js';

function Count(props: { label: string; value: number; testId: string; link?: string }) {
  const value = html`<span class="count-value" data-testid=${props.testId}>${props.value}</span>`;
  return html`<div class="count">${props.link ? html`<a href=${props.link}>${value}</a>` : value}<span class="count-label">${props.label}</span></div>`;
}

function Agents({ state, metrics }: { state: MasterState; metrics: Metrics }) {
  return html`<section class="card"><h2><a href=${href.agents()}>Agents</a></h2><div class="counts">
    <${Count} label="registered" value=${state.agents.filter((a) => a.status === 'registered').length} testId="agents-registered" link=${href.agents()} />
    <${Count} label="in transition" value=${state.agents.filter((a) => a.in_transition).length} testId="agents-in-transition" link=${href.agents()} />
    <${Count} label="removed since start" value=${metrics['master/slave_removals'] ?? 0} testId="agents-removed" />
  </div></section>`;
}

function Frameworks({ state }: { state: MasterState }) {
  return html`<section class="card"><h2><a href=${href.frameworks()}>Frameworks</a></h2><div class="counts">
    <${Count} label="active" value=${state.frameworks.filter((f) => f.active).length} testId="frameworks-active" link=${href.frameworks()} />
    <${Count} label="disconnected" value=${state.frameworks.filter((f) => !f.connected).length} testId="frameworks-disconnected" link=${href.frameworks()} />
    <${Count} label="removed" value=${state.completed_frameworks.length} testId="frameworks-completed" link=${href.frameworks()} />
  </div></section>`;
}

function Tasks({ state, metrics }: { state: MasterState; metrics: Metrics }) {
  const counts = countByState(taskRows(state));
  return html`<section class="card"><h2><a href=${href.tasks()}>Tasks</a></h2>
    <table class="by-state" data-testid="tasks-by-state">
      <thead><tr><th>State</th><th>In /state</th><th title="master/tasks_* metrics: gauges for live states, counters since the master started for the others">Metrics</th></tr></thead>
      <tbody>${TASK_STATES.map(
        (s) => html`<tr key=${s}>
          <td><${StateBadge} state=${s} /></td>
          <td><a href=${href.tasks({ state: s })} data-testid=${`tasks-${s}`}>${counts[s] ?? 0}</a></td>
          <td class="muted" title=${isTerminal(s) ? 'since the master started' : 'now'}>${metrics[`master/tasks_${shortState(s)}`] ?? 0}</td>
        </tr>`,
      )}</tbody>
    </table></section>`;
}

function Bar(props: { used: number; offered: number; total: number }) {
  const pct = (n: number): string => `${props.total > 0 ? Math.min(100, (n / props.total) * 100) : 0}%`;
  return html`<div class="bar" aria-hidden="true"><span class="bar-used" style=${{ width: pct(props.used) }}></span><span class="bar-offered" style=${{ width: pct(props.offered) }}></span></div>`;
}

function Resources({ state }: { state: MasterState }) {
  const registered = state.agents.filter((a) => a.status === 'registered');
  const total = sumScalars(registered.map((a) => a.resources));
  const used = sumScalars(registered.map((a) => a.used_resources));
  const offered = sumScalars(registered.map((a) => a.offered_resources));
  return html`<section class="card wide"><h2>Resources <span class="muted">of registered agents</span></h2>
    <table class="resources" data-testid="resources">
      <thead><tr><th></th><th>Used</th><th>Offered</th><th>Idle</th><th>Total</th><th></th></tr></thead>
      <tbody>${SCALARS.map(
        (name) => html`<tr key=${name}>
          <th>${name}${name === 'cpus' ? '' : ' (MB)'}</th>
          <td data-testid=${`${name}-used`}>${formatNumber(used[name])}</td>
          <td data-testid=${`${name}-offered`}>${formatNumber(offered[name])}</td>
          <td>${formatNumber(Math.max(0, total[name] - used[name] - offered[name]))}</td>
          <td data-testid=${`${name}-total`}>${formatNumber(total[name])}</td>
          <td class="bar-cell"><${Bar} used=${used[name]} offered=${offered[name]} total=${total[name]} /></td>
        </tr>`,
      )}</tbody>
    </table>
    <p class="legend"><span class="swatch bar-used"></span> used by tasks <span class="swatch bar-offered"></span> offered to frameworks</p>
  </section>`;
}

export function OverviewPage() {
  return html`<${WithState}
    render=${(state: MasterState, metrics: Metrics) => html`
      <h1>Overview</h1>
      <p class="muted">Master ${state.hostname} (${state.address}), id <code>${state.id}</code>, version ${state.version}, up ${formatDuration(metrics['master/uptime_secs'] ?? 0)}.</p>
      <div class="cards">
        <${Agents} state=${state} metrics=${metrics} />
        <${Frameworks} state=${state} />
        <${Tasks} state=${state} metrics=${metrics} />
        <${Resources} state=${state} />
      </div>`}
  />`;
}
