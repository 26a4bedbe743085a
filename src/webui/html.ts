// htm bound to Preact: tagged templates instead of JSX, so the UI needs no
// JSX compiler. Values interpolated as children are text (escaped by Preact);
// nothing here ever sets innerHTML.
import htm from 'htm';
import { h } from 'preact';

export const html = htm.bind(h);
