// The master's HTTP server (node:http). Mesos's paths, also under /master/
// as Mesos serves them. "/" is left for the web UI.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

import { messageOf } from '../../errors.js';
import { respond } from '../../mesos/wire/inbox.js';
import { MASTER_MESSAGE_PATH } from '../../mesos/wire/protocol.js';
import type { MasterContext } from '../context.js';
import { agentEndpoint } from './agent-endpoint.js';
import { proxiedPath, relayToAgent } from './agent-proxy.js';
import { metricsJson } from './metrics-json.js';
import { schedulerEndpoint } from './scheduler-endpoint.js';
import { stateJson } from './state-json.js';
import { WebuiFiles } from './webui-files.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

function getOnly(handler: (req: IncomingMessage, res: ServerResponse) => void): Route {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') respond(res, 405, `${req.url} takes GET, not ${req.method}`, { allow: 'GET' });
    else handler(req, res);
  };
}

export function createMasterServer(ctx: MasterContext, address: () => string, extra: Record<string, Route> = {}, webui = new WebuiFiles(ctx.options.webuiDir)): Server {
  const routes: Record<string, Route> = {
    '/api/v1/scheduler': (req, res) => schedulerEndpoint(ctx, req, res),
    [MASTER_MESSAGE_PATH]: (req, res) => agentEndpoint(ctx, req, res),
    '/state': getOnly((_req, res) => respond(res, 200, stateJson(ctx, address()))),
    '/health': getOnly((_req, res) => respond(res, 200)),
    '/metrics/snapshot': getOnly((_req, res) => respond(res, 200, metricsJson(ctx))),
    ...extra,
  };
  // Paths with parts: an agent's endpoint relayed, the web UI's pages and files.
  const fallback = (url: URL, path: string): Route | undefined => {
    const proxied = proxiedPath(path);
    if (proxied) return (req, res) => relayToAgent(ctx, req, res, url, proxied);
    if (webui.owns(path)) return (req, res) => webui.serve(req, res, path);
    return undefined;
  };
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://master');
    const path = url.pathname.replace(/^\/master(?=\/)/, '');
    const route = routes[url.pathname] ?? routes[path] ?? fallback(url, path);
    if (!route) {
      respond(res, 404, `no such endpoint: ${url.pathname}`);
      return;
    }
    Promise.resolve()
      .then(() => route(req, res))
      .catch((error: unknown) => {
        ctx.log.error({ path, err: error }, 'request failed');
        if (!res.headersSent) respond(res, 500, `internal error: ${messageOf(error)}`);
        else res.destroy();
      });
  });
}
