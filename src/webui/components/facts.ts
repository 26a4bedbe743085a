// A list of facts, label and value; those without a value are left out.
import type { ComponentChildren } from 'preact';

import { html } from '../html.js';

export function Facts(props: { items: Array<[string, ComponentChildren]>; testId?: string }) {
  return html`<dl class="facts" data-testid=${props.testId}>
    ${props.items.filter(([, value]) => value !== '' && value !== null && value !== undefined && value !== false).map(([label, value]) => html`<div key=${label}><dt>${label}</dt><dd>${value}</dd></div>`)}
  </dl>`;
}
