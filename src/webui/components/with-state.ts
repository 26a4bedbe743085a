// Renders a page once the master has answered at least once; before that,
// says it is asking (or, if it fails, the banner says why).
import type { VNode } from 'preact';

import type { MasterState, Metrics } from '../api/master-state.js';
import { html } from '../html.js';
import { useMaster } from '../live/use-master.js';

export function WithState(props: { render: (state: MasterState, metrics: Metrics) => VNode | VNode[] | null }) {
  const { state, metrics, failure } = useMaster();
  if (!state || !metrics) return html`<p class="muted" data-testid="loading">${failure ? 'The master has not answered yet.' : 'Asking the master…'}</p>`;
  return props.render(state, metrics);
}
