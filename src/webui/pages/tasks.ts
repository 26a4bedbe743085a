// Every task the master lists, filtered by state and by text; the filter is
// in the address (/tasks?state=TASK_FAILED&q=web), so a view can be shared.
import type { MasterState } from '../api/master-state.js';
import { TaskTable } from '../components/task-table.js';
import { WithState } from '../components/with-state.js';
import { html } from '../html.js';
import type { TaskRow } from '../model/tasks.js';
import { byRecency, countByState, taskRows } from '../model/tasks.js';
import { TASK_STATES } from '../model/task-states.js';
import { href } from '../routes.js';
import { navigate, useLocation } from '../router.js';

function matches(row: TaskRow, words: string[]): boolean {
  const { task, framework, agent } = row;
  const text = [task.id, task.name, task.state, task.source, task.reason, task.message, framework.id, framework.name, task.agent_id, agent?.hostname].join('\n').toLowerCase();
  return words.every((w) => text.includes(w));
}

function TasksView({ state }: { state: MasterState }) {
  const { query } = useLocation();
  const wanted = query.get('state') ?? '';
  const text = query.get('q') ?? '';
  const all = taskRows(state);
  const counts = countByState(all);
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = all.filter((r) => (!wanted || r.task.state === wanted) && matches(r, words)).sort(byRecency);
  const set = (next: { state?: string; q?: string }): void => navigate(href.tasks({ state: wanted, q: text, ...next }), { replace: true });
  return html`
    <h1>Tasks</h1>
    <form class="filters" role="search" onSubmit=${(e: Event) => e.preventDefault()}>
      <label>State
        <select data-testid="state-filter" value=${wanted} onChange=${(e: Event) => set({ state: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">all (${all.length})</option>
          ${TASK_STATES.map((s) => html`<option key=${s} value=${s}>${s} (${counts[s] ?? 0})</option>`)}
        </select>
      </label>
      <label>Text
        <input type="search" data-testid="text-filter" placeholder="id, name, framework, agent, reason, message" value=${text}
          onInput=${(e: Event) => set({ q: (e.currentTarget as HTMLInputElement).value })} />
      </label>
      <span class="muted" data-testid="match-count">${rows.length} of ${all.length}</span>
    </form>
    <${TaskTable} rows=${rows} empty=${all.length === 0 ? 'The master lists no task.' : 'No task matches the filter.'} />`;
}

export function TasksPage() {
  return html`<${WithState} render=${(state: MasterState) => html`<${TasksView} state=${state} />`} />`;
}
