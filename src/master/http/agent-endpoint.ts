// POST /internal/v1/master: messages from agents (docs/agent-master-protocol.md),
// one per request or a batch, handled in order, each answered on its own.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { receive, respond, respondAll } from '../../mesos/wire/inbox.js';
import { ToMasterSchema } from '../../mesos/wire/to-master.js';
import { handleAgentMessage } from '../agents/messages.js';
import type { MasterContext } from '../context.js';

export async function agentEndpoint(ctx: MasterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const received = await receive(req, ToMasterSchema, 'message to the master');
  if (!received.ok) {
    ctx.log.info({ status: received.status }, `refused a message from an agent: ${received.error}`);
    respond(res, received.status, received.error);
    return;
  }
  const answers = received.items.map((item) => {
    if (item.ok) return handleAgentMessage(ctx, item.message);
    ctx.log.info({ status: item.answer.status }, `refused a message from an agent: ${String(item.answer.body)}`);
    return item.answer;
  });
  respondAll(res, received.batch, answers);
}
