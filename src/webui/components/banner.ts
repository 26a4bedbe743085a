// A strip across the page that says something is wrong (role=alert: screen
// readers announce it).
import type { ComponentChildren } from 'preact';

import { html } from '../html.js';

export function Banner(props: { kind: 'error' | 'warning'; testId: string; children: ComponentChildren }) {
  return html`<div class=${`banner banner-${props.kind}`} role="alert" data-testid=${props.testId}>${props.children}</div>`;
}
