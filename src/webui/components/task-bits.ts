// Small pieces of a task shown everywhere: its state, its reason with the
// words beside the name, its source, a time.
import { html } from '../html.js';
import { formatTime } from '../model/format.js';
import { reasonWords, sourceWords } from '../model/reasons.js';
import { shortState } from '../model/task-states.js';

export function StateBadge(props: { state: string }) {
  return html`<span class=${`state state-${shortState(props.state)}`} data-state=${props.state}>${props.state}</span>`;
}

export function ReasonText(props: { reason: string | undefined; words?: boolean }) {
  if (!props.reason) return null;
  const words = props.words === false ? undefined : reasonWords(props.reason);
  return html`<span class="reason"><code>${props.reason}</code>${words ? html` <span class="reason-words">${words}</span>` : null}</span>`;
}

export function SourceText(props: { source: string | undefined }) {
  if (!props.source) return null;
  return html`<span class="source" title=${sourceWords(props.source) ?? ''}><code>${props.source}</code></span>`;
}

/** A Time, or nothing (for a fact that is then left out). */
export function timeOrNothing(seconds: number | null | undefined) {
  return seconds === undefined || seconds === null ? undefined : html`<${Time} seconds=${seconds} />`;
}

export function Time(props: { seconds: number | null | undefined }) {
  if (props.seconds === undefined || props.seconds === null) return null;
  return html`<time datetime=${new Date(props.seconds * 1000).toISOString()}>${formatTime(props.seconds)}</time>`;
}
