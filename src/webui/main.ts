// The web UI's entry point (bundled by scripts/build-webui.mjs into
// dist/webui/assets): starts polling the master and renders the app.
import './style.css';

import { render } from 'preact';

import { App } from './app.js';
import { html } from './html.js';
import { MasterContext } from './live/use-master.js';
import { MasterStore } from './live/master-store.js';
import { interceptLinks } from './router.js';

const root = document.getElementById('app');
if (root) {
  const store = new MasterStore().start();
  interceptLinks(root);
  render(html`<${MasterContext.Provider} value=${store}><${App} /><//>`, root);
}
