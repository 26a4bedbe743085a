// POST /api/v1/scheduler, Mesos's v1 scheduler HTTP API in JSON. Every check
// comes before anything changes, so a refused call changes nothing:
//   405 not POST; 400 no Content-Type; 415 not JSON; 413 too large;
//   400 not JSON, or not a valid Call (the field named);
//   SUBSCRIBE: 406 Accept excludes JSON; 400 with a Mesos-Stream-Id; 409 the
//     framework is subscribed elsewhere and force is not set; else 200 + stream;
//   others: 404 unknown framework; 403 not subscribed, or a missing or wrong
//     Mesos-Stream-Id; else 202.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { messageOf } from '../../errors.js';
import { CallSchema } from '../../mesos/scheduler/call.js';
import { parseJsonText, parseWith } from '../../mesos/validate.js';
import { respond } from '../../mesos/wire/inbox.js';
import type { MasterContext } from '../context.js';
import { handleCall } from '../frameworks/calls.js';
import { subscribe } from '../frameworks/subscribe.js';
import { STREAM_ID_HEADER } from '../frameworks/subscription.js';
import { isConnected } from '../state/framework.js';
import { readBody } from '../../mesos/wire/read-body.js';
import { MAX_BODY_BYTES, acceptsJson } from './request-body.js';

const DOCUMENT = 'scheduler call';

export async function schedulerEndpoint(ctx: MasterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    respond(res, 405, `${req.url} takes POST, not ${req.method}`, { allow: 'POST' });
    return;
  }
  const contentType = req.headers['content-type'];
  if (!contentType) {
    respond(res, 400, "expecting a 'Content-Type' header (application/json)");
    return;
  }
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    respond(res, 415, `expecting 'Content-Type' application/json, got '${contentType}' (this master speaks JSON, not protobuf)`);
    return;
  }
  const text = await readBody(req, MAX_BODY_BYTES);
  if (text === undefined) {
    respond(res, 413, `the ${DOCUMENT} is larger than 16 MiB`);
    return;
  }
  let call;
  try {
    call = parseWith(CallSchema, parseJsonText(text, DOCUMENT, 'INVALID_CALL'), DOCUMENT, 'INVALID_CALL');
  } catch (error) {
    respond(res, 400, messageOf(error));
    return;
  }
  const streamId = req.headers[STREAM_ID_HEADER];

  if (call.type === 'SUBSCRIBE') {
    if (!acceptsJson(req.headers.accept)) {
      respond(res, 406, `expecting 'Accept' to allow application/json, got '${req.headers.accept}'`);
      return;
    }
    if (streamId !== undefined) {
      respond(res, 400, "a SUBSCRIBE call must not carry a 'Mesos-Stream-Id' header (the master makes one)");
      return;
    }
    const refusal = subscribe(ctx, call.subscribe, res);
    if (refusal) respond(res, refusal.status, refusal.message);
    return;
  }

  const frameworkId = call.framework_id.value;
  const framework = ctx.frameworks.get(frameworkId);
  if (!framework) {
    const removed = ctx.completedFrameworks.find((f) => f.id === frameworkId) !== undefined;
    respond(res, 404, removed ? `framework ${frameworkId} has been removed` : `framework ${frameworkId} is not known to this master: SUBSCRIBE first`);
    return;
  }
  if (!isConnected(framework)) {
    respond(res, 403, `framework ${frameworkId} is not subscribed: SUBSCRIBE first`);
    return;
  }
  if (streamId === undefined) {
    respond(res, 403, `every call but SUBSCRIBE must carry the 'Mesos-Stream-Id' header of the framework's subscription`);
    return;
  }
  if (streamId !== framework.subscription!.streamId) {
    respond(res, 403, `the Mesos-Stream-Id '${String(streamId)}' is not that of framework ${frameworkId}'s subscription`);
    return;
  }
  handleCall(ctx, framework, call);
  respond(res, 202);
}
