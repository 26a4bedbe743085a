// The agent's HTTP server: the master's messages, and the endpoints
// operators and the master's web UI read.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

import { messageOf } from '../../errors.js';
import { receive, respond, respondAll } from '../../mesos/wire/inbox.js';
import { AGENT_MESSAGE_PATH } from '../../mesos/wire/protocol.js';
import { ToAgentSchema } from '../../mesos/wire/to-agent.js';
import type { Agent } from '../agent.js';
import { metricsSnapshot } from './metrics-snapshot.js';
import { browse, read } from './sandbox-files.js';
import { stateJson } from './state.js';

type Route = (agent: Agent, url: URL, req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

const get =
  (answer: (agent: Agent, url: URL) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown }): Route =>
  async (agent, url, req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return respond(res, 405, `${url.pathname} takes GET`, { allow: 'GET, HEAD' });
    const { status, body } = await answer(agent, url);
    respond(res, status, body);
  };

const routes: Record<string, Route> = {
  [AGENT_MESSAGE_PATH]: async (agent, _url, req, res) => {
    const received = await receive(req, ToAgentSchema, 'message to the agent');
    if (!received.ok) {
      agent.metrics.increment('slave/invalid_master_messages');
      agent.logger.warn({ status: received.status, error: received.error }, 'refused a message from the master');
      return respond(res, received.status, received.error);
    }
    const answers = received.items.map((item) => {
      if (item.ok) return agent.handle(item.message);
      agent.metrics.increment('slave/invalid_master_messages');
      agent.logger.warn({ error: item.answer.body }, 'refused a message from the master');
      return item.answer;
    });
    respondAll(res, received.batch, answers);
  },
  '/state': get((agent) => ({ status: 200, body: stateJson(agent) })),
  '/health': get(() => ({ status: 200, body: undefined })),
  '/metrics/snapshot': get((agent) => ({ status: 200, body: metricsSnapshot(agent) })),
  '/files/browse': get((agent, url) => browse(agent.table.sandboxes(), url.searchParams.get('path'))),
  '/files/read': get((agent, url) => read(agent.table.sandboxes(), url.searchParams.get('path'), url.searchParams.get('offset'), url.searchParams.get('length'))),
};
// The names Mesos 0.21 used.
routes['/state.json'] = routes['/state']!;
routes['/files/browse.json'] = routes['/files/browse']!;
routes['/files/read.json'] = routes['/files/read']!;

export function createAgentServer(agent: Agent): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    const route = routes[url.pathname];
    if (!route) return respond(res, 404, `no endpoint ${url.pathname}`);
    Promise.resolve(route(agent, url, req, res)).catch((error) => {
      agent.logger.error({ path: url.pathname, err: messageOf(error) }, 'an endpoint failed');
      if (!res.headersSent) respond(res, 500, messageOf(error));
    });
  });
}
