// A two-column list of facts: label, value.
import type { ComponentChildren } from 'preact';

import { html } from '../html.js';

export function Facts(props: { items: Array<[string, ComponentChildren]>; testId?: string }) {
  return html`<dl class="facts" data-testid=${props.testId}>
    ${props.items.map(([label, value]) => html`<div key=${label}><dt>${label}</dt><dd>${value}</dd></div>`)}
  </dl>`;
}
