// The table of tasks the Tasks, Agent and Framework pages share: id and
// name, framework, agent, state, source, reason (in words for failures),
// message, start and end. Long lists are cut at `limit` rows, saying so.
import { html } from '../html.js';
import type { TaskRow } from '../model/tasks.js';
import { FAILURE_STATES } from '../model/task-states.js';
import { href } from '../routes.js';
import { ReasonText, SourceText, StateBadge, Time } from './task-bits.js';

function Row({ row }: { row: TaskRow }) {
  const { task, framework, agent } = row;
  return html`<tr data-testid="task-row" data-task-id=${task.id} data-framework-id=${task.framework_id}>
    <td><a href=${href.task(task.framework_id, task.id)} class="task-id">${task.id}</a>${task.name !== task.id ? html`<div class="task-name">${task.name}</div>` : null}</td>
    <td><a href=${href.framework(framework.id)}>${framework.name || framework.id}</a></td>
    <td>${agent ? html`<a href=${href.agent(agent.id)}>${agent.hostname}</a>` : html`<span class="muted" title=${task.agent_id}>gone</span>`}</td>
    <td><${StateBadge} state=${task.state} /></td>
    <td><${SourceText} source=${task.source} /></td>
    <td><${ReasonText} reason=${task.reason} words=${FAILURE_STATES.has(task.state)} /></td>
    <td class="message">${task.message ?? ''}</td>
    <td><${Time} seconds=${row.startedAt} /></td>
    <td><${Time} seconds=${row.endedAt} /></td>
  </tr>`;
}

export function TaskTable(props: { rows: readonly TaskRow[]; limit?: number; empty?: string }) {
  const limit = props.limit ?? 500;
  if (props.rows.length === 0) return html`<p class="muted" data-testid="no-tasks">${props.empty ?? 'No tasks.'}</p>`;
  const shown = props.rows.slice(0, limit);
  return html`<div class="table-wrap">
    <table class="tasks" data-testid="task-table">
      <thead><tr><th>Task</th><th>Framework</th><th>Agent</th><th>State</th><th>Source</th><th>Reason</th><th>Message</th><th>Started</th><th>Ended</th></tr></thead>
      <tbody>${shown.map((row) => html`<${Row} key=${`${row.task.framework_id}/${row.task.id}`} row=${row} />`)}</tbody>
    </table>
    ${props.rows.length > limit ? html`<p class="muted">Showing ${limit} of ${props.rows.length} tasks: narrow the filter to see the others.</p>` : null}
  </div>`;
}
