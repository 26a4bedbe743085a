// One task: why it is in its state (source, reason in words, message), its
// status history, its container and its sandbox, with stdout and stderr
// followed live. The address carries the file shown (?file=) and the
// directory listed (?dir=), so a view of a log can be shared.
import type { MasterState, StatusJson } from '../api/master-state.js';
import { agentState, findExecutor } from '../api/agent-api.js';
import { Banner } from '../components/banner.js';
import { Facts } from '../components/facts.js';
import { ReasonText, SourceText, StateBadge, Time, timeOrNothing } from '../components/task-bits.js';
import { WithState } from '../components/with-state.js';
import { html } from '../html.js';
import { usePolled } from '../live/use-polled.js';
import { formatTime } from '../model/format.js';
import { reasonWords, sourceWords } from '../model/reasons.js';
import { resourcesText } from '../model/resources.js';
import type { TaskRow } from '../model/tasks.js';
import { findTask } from '../model/tasks.js';
import { href } from '../routes.js';
import { useLocation } from '../router.js';
import { ContainerPanel } from '../sandbox/container-panel.js';
import { FileView } from '../sandbox/file-view.js';
import { SandboxBrowser } from '../sandbox/sandbox-browser.js';

function Why({ row }: { row: TaskRow }) {
  const { task } = row;
  if (!task.source && !task.reason && !task.message) return null;
  const words = reasonWords(task.reason);
  return html`<section class=${`why why-${task.state.replace(/^TASK_/, '').toLowerCase()}`} data-testid="why">
    <p><${StateBadge} state=${task.state} /> ${task.source ? html`<${SourceText} source=${task.source} /> <span class="muted">(${sourceWords(task.source) ?? ''})</span>` : null}</p>
    ${task.reason ? html`<p data-testid="why-reason"><code>${task.reason}</code>${words ? html`: <span class="reason-words">${words}</span>` : null}</p>` : null}
    ${task.message ? html`<p class="message" data-testid="why-message">${task.message}</p>` : null}
  </section>`;
}

function History({ statuses }: { statuses: StatusJson[] }) {
  if (statuses.length === 0) return html`<p class="muted">No status update yet (the agent has not taken the task).</p>`;
  return html`<div class="table-wrap"><table data-testid="history">
    <thead><tr><th>Time</th><th>State</th><th>Source</th><th>Reason</th><th>Message</th></tr></thead>
    <tbody>${statuses.map(
      (s, i) => html`<tr key=${i}><td><${Time} seconds=${s.timestamp} /></td><td><${StateBadge} state=${s.state} /></td>
        <td><${SourceText} source=${s.source} /></td><td><${ReasonText} reason=${s.reason} /></td><td class="message">${s.message ?? ''}</td></tr>`,
    )}</tbody></table></div>`;
}

function Sandbox({ row }: { row: TaskRow }) {
  const { task } = row;
  const { query } = useLocation();
  const file = query.get('file') ?? 'stdout';
  const dir = query.get('dir') ?? '';
  const agent = usePolled(() => agentState(task.agent_id), 5000, [task.agent_id]);
  const executor = agent.value ? findExecutor(agent.value, task.framework_id, task.id) : undefined;
  const link = (next: { file?: string; dir?: string }): string => {
    const q = new URLSearchParams({ ...(file !== 'stdout' && { file }), ...(dir && { dir }), ...next });
    if (q.get('file') === 'stdout') q.delete('file');
    if (q.get('dir') === '') q.delete('dir');
    const text = q.toString();
    return `${href.task(task.framework_id, task.id)}${text ? `?${text}` : ''}`;
  };
  const problem = agent.error
    ? html`<${Banner} kind="warning" testId="agent-banner"><strong>The agent does not answer</strong> (${row.agent?.hostname ?? task.agent_id}): ${agent.error}.
        ${agent.updatedAt ? ` Showing what it said at ${formatTime(agent.updatedAt / 1000)}.` : ''}<//>`
    : null;
  if (!agent.value) return html`<h2>Container</h2>${problem ?? html`<p class="muted">Asking the agent…</p>`}`;
  if (!executor) return html`<h2>Container</h2>${problem}<p class="muted" data-testid="no-sandbox">The agent has no container for this task (it never launched one, or has forgotten it).</p>`;
  return html`<h2>Container</h2>${problem}<${ContainerPanel} executor=${executor} />
    <h2>Sandbox</h2>
    <nav class="tabs" aria-label="files">
      ${['stdout', 'stderr'].map((name) => html`<a key=${name} href=${link({ file: name })} class=${file === name ? 'tab current' : 'tab'} data-testid=${`tab-${name}`}>${name}</a>`)}
      ${file !== 'stdout' && file !== 'stderr' ? html`<span class="tab current">${file}</span>` : null}
    </nav>
    <${FileView} key=${file} agentId=${task.agent_id} path=${`${executor.directory}/${file}`} name=${file} />
    <${SandboxBrowser} agentId=${task.agent_id} sandbox=${executor.directory} dir=${dir}
      links=${{ dir: (d: string) => link({ dir: d }), file: (f: string) => link({ file: f }) }} />`;
}

function TaskView({ state, frameworkId, taskId }: { state: MasterState; frameworkId: string; taskId: string }) {
  const row = findTask(state, frameworkId, taskId);
  if (!row) {
    return html`<h1>Task <code>${taskId}</code></h1>
      <p data-testid="not-found">The master lists no task <code>${taskId}</code> of framework <code>${frameworkId}</code>. It may have been forgotten: it keeps a bounded number of ended tasks and removed frameworks.</p>`;
  }
  const { task, framework, agent } = row;
  return html`<h1><span data-testid="task-name">${task.name}</span> <${StateBadge} state=${task.state} /></h1>
    <${Why} row=${row} />
    <${Facts} testId="task-facts" items=${[
      ['Task id', html`<code>${task.id}</code>`],
      ['Framework', html`<a href=${href.framework(framework.id)}>${framework.name || framework.id}</a>`],
      ['Agent', agent ? html`<a href=${href.agent(agent.id)}>${agent.hostname}</a> <span class="muted">${agent.address}</span>` : html`<code>${task.agent_id}</code> <span class="muted">(no longer known)</span>`],
      ['Resources', resourcesText(task.resources)],
      ['Command', task.command?.value !== undefined ? html`<code>${task.command.value}</code>` : ''],
      ['Started', timeOrNothing(row.startedAt)],
      ['Ended', timeOrNothing(row.endedAt)],
      ...(task.status_update_state && task.status_update_state !== task.state ? [['Framework told', task.status_update_state] as [string, string]] : []),
    ]} />
    <h2>Status updates</h2>
    <${History} statuses=${task.statuses} />
    <${Sandbox} row=${row} />`;
}

export function TaskPage(props: { frameworkId: string; taskId: string }) {
  return html`<${WithState} render=${(state: MasterState) => html`<${TaskView} state=${state} frameworkId=${props.frameworkId} taskId=${props.taskId} />`} />`;
}
