// The frameworks (live and removed), with their resources and tasks; and
// one framework's page.
import type { FrameworkJson, MasterState } from '../api/master-state.js';
import { Facts } from '../components/facts.js';
import { Time, timeOrNothing } from '../components/task-bits.js';
import { TaskTable } from '../components/task-table.js';
import { WithState } from '../components/with-state.js';
import { html } from '../html.js';
import { formatDuration } from '../model/format.js';
import { resourcesText } from '../model/resources.js';
import { byRecency, taskRows } from '../model/tasks.js';
import { href } from '../routes.js';

function connection(f: FrameworkJson, removed: boolean): string {
  if (removed) return 'removed';
  if (!f.connected) return f.recovered ? 'recovered, waiting for its scheduler' : 'disconnected';
  return f.suppressed ? 'connected, offers suppressed' : 'active';
}

function FrameworkTable({ frameworks, removed }: { frameworks: FrameworkJson[]; removed: boolean }) {
  return html`<div class="table-wrap"><table data-testid=${removed ? 'completed-framework-table' : 'framework-table'}>
    <thead><tr><th>Framework</th><th>User</th><th>Role</th><th>Status</th><th>Tasks</th><th>Ended tasks</th><th>Used</th><th>Offered</th><th>Registered</th></tr></thead>
    <tbody>${frameworks.map(
      (f) => html`<tr key=${f.id} data-testid="framework-row">
        <td><a href=${href.framework(f.id)}>${f.name || f.id}</a><div class="muted small">${f.id}</div></td>
        <td>${f.user}</td><td>${f.role}</td><td>${connection(f, removed)}</td>
        <td>${f.tasks.length}</td><td>${f.completed_tasks.length}</td>
        <td>${resourcesText(f.used_resources)}</td><td>${resourcesText(f.offered_resources)}</td>
        <td><${Time} seconds=${f.registered_time} /></td>
      </tr>`,
    )}</tbody></table></div>`;
}

function FrameworksView({ state }: { state: MasterState }) {
  return html`<h1>Frameworks</h1>
    ${state.frameworks.length === 0 ? html`<p class="muted">No framework is subscribed.</p>` : html`<${FrameworkTable} frameworks=${state.frameworks} removed=${false} />`}
    <h2>Removed frameworks</h2>
    ${state.completed_frameworks.length === 0 ? html`<p class="muted">None.</p>` : html`<${FrameworkTable} frameworks=${state.completed_frameworks} removed=${true} />`}`;
}

function FrameworkView({ state, frameworkId }: { state: MasterState; frameworkId: string }) {
  const live = state.frameworks.find((f) => f.id === frameworkId);
  const framework = live ?? state.completed_frameworks.find((f) => f.id === frameworkId);
  if (!framework) return html`<h1>Framework <code>${frameworkId}</code></h1><p data-testid="not-found">The master does not know this framework (never subscribed, or removed and forgotten).</p>`;
  const rows = taskRows(state).filter((r) => r.framework.id === frameworkId).sort(byRecency);
  return html`<h1>Framework ${framework.name || html`<code>${framework.id}</code>`}</h1>
    <${Facts} testId="framework-facts" items=${[
      ['Id', html`<code>${framework.id}</code>`],
      ['Status', connection(framework, !live)],
      ['User', framework.user],
      ['Role', framework.role],
      ['Principal', framework.principal ?? ''],
      ['Hostname', framework.hostname ?? ''],
      ['Checkpointing', framework.checkpoint ? 'yes' : 'no'],
      ['Failover timeout', formatDuration(framework.failover_timeout)],
      ['Registered', timeOrNothing(framework.registered_time)],
      ['Re-registered', timeOrNothing(framework.reregistered_time)],
      ['Unregistered', timeOrNothing(framework.unregistered_time)],
      ['Used', resourcesText(framework.used_resources)],
      ['Offered', resourcesText(framework.offered_resources)],
    ]} />
    <h2>Tasks</h2>
    <${TaskTable} rows=${rows} empty="This framework has no task listed." />`;
}

export function FrameworksPage() {
  return html`<${WithState} render=${(state: MasterState) => html`<${FrameworksView} state=${state} />`} />`;
}

export function FrameworkPage({ frameworkId }: { frameworkId: string }) {
  return html`<${WithState} render=${(state: MasterState) => html`<${FrameworkView} state=${state} frameworkId=${frameworkId} />`} />`;
}
