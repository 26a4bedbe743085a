// The agents the master knows, with their resources and tasks; and one
// agent's page.
import type { AgentJson, MasterState } from '../api/master-state.js';
import { Facts } from '../components/facts.js';
import { Time, timeOrNothing } from '../components/task-bits.js';
import { TaskTable } from '../components/task-table.js';
import { WithState } from '../components/with-state.js';
import { html } from '../html.js';
import { resourcesText } from '../model/resources.js';
import { byRecency, taskRows } from '../model/tasks.js';
import { href } from '../routes.js';

function AgentStatus({ agent }: { agent: AgentJson }) {
  return html`<span class=${`agent-status agent-${agent.status}`}>${agent.status}</span>${agent.in_transition ? html` <span class="muted">(in transition)</span>` : null}`;
}

function AgentsView({ state }: { state: MasterState }) {
  const rows = taskRows(state);
  const live = (agentId: string): number => rows.filter((r) => r.task.agent_id === agentId && !r.endedAt).length;
  return html`<h1>Agents</h1>
    ${state.agents.length === 0
      ? html`<p class="muted" data-testid="no-agents">No agent is registered with this master.</p>`
      : html`<div class="table-wrap"><table data-testid="agent-table">
          <thead><tr><th>Agent</th><th>Address</th><th>Status</th><th>Total</th><th>Used</th><th>Offered</th><th>Live tasks</th><th>Registered</th></tr></thead>
          <tbody>${state.agents.map(
            (a) => html`<tr key=${a.id} data-testid="agent-row">
              <td><a href=${href.agent(a.id)}>${a.hostname}</a><div class="muted small">${a.id}</div></td>
              <td>${a.address}</td>
              <td><${AgentStatus} agent=${a} /></td>
              <td>${resourcesText(a.resources)}</td>
              <td>${resourcesText(a.used_resources)}</td>
              <td>${resourcesText(a.offered_resources)}</td>
              <td>${live(a.id)}</td>
              <td><${Time} seconds=${a.reregistered_time ?? a.registered_time} /></td>
            </tr>`,
          )}</tbody></table></div>`}`;
}

function AgentView({ state, agentId }: { state: MasterState; agentId: string }) {
  const agent = state.agents.find((a) => a.id === agentId);
  const rows = taskRows(state).filter((r) => r.task.agent_id === agentId).sort(byRecency);
  if (!agent && rows.length === 0) return html`<h1>Agent <code>${agentId}</code></h1><p data-testid="not-found">The master does not know this agent (never registered, or removed and forgotten).</p>`;
  return html`<h1>Agent ${agent ? agent.hostname : html`<code>${agentId}</code>`}</h1>
    ${agent
      ? html`<${Facts} testId="agent-facts" items=${[
          ['Id', html`<code>${agent.id}</code>`],
          ['Address', agent.address],
          ['Status', html`<${AgentStatus} agent=${agent} />`],
          ['Version', agent.version ?? ''],
          ['Registered', timeOrNothing(agent.registered_time)],
          ['Re-registered', timeOrNothing(agent.reregistered_time)],
          ['Missed PINGs', String(agent.missed_pings ?? 0)],
          ['Total', resourcesText(agent.resources)],
          ['Used', resourcesText(agent.used_resources)],
          ['Offered', resourcesText(agent.offered_resources)],
        ]} />`
      : html`<p class="muted">The master no longer lists this agent (removed); its tasks below are what it recorded.</p>`}
    <h2>Tasks</h2>
    <${TaskTable} rows=${rows} empty="No task of this agent is listed." />`;
}

export function AgentsPage() {
  return html`<${WithState} render=${(state: MasterState) => html`<${AgentsView} state=${state} />`} />`;
}

export function AgentPage({ agentId }: { agentId: string }) {
  return html`<${WithState} render=${(state: MasterState) => html`<${AgentView} state=${state} agentId=${agentId} />`} />`;
}
