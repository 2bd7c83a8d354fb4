/**
 * Checks generated from specs/chat-api.yaml (harness/generated/request-cases.ts): every operation's
 * documented example is accepted (MUST: the document's sentence that the method takes such a
 * request); a request lacking a mandatory field, or a body that is not JSON, is refused with 4xx:
 *  - without clientId: 4xx MUST (reading chat-request-invalid-4xx);
 *  - a state that is not valid JSON: 4xx SHOULD (chat-state-non-json);
 *  - every other missing field or body that is not JSON: 4xx SHOULD (gen-malformed-4xx). A status
 *    update without a status changes nothing; refusing it is common HTTP practice, not a rule of the
 *    document (a status *outside the four* is the MUST of chat-api.statuses.rejects-unknown-status).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import type { CheckMeta } from '../../fixtures/conformance.ts';
import { ensure2xx, ensure4xx } from '../../harness/checks/ensure.ts';
import { requestCases, without, NOT_JSON, type RequestCase } from '../../harness/generated/request-cases.ts';
import { ask } from './helpers.ts';

/** Each operation's section of the Chat API page, and its sentence saying the method takes such a request. */
const SOURCE: Record<string, { section: string; quote: string }> = {
  sendRequest: {
    section: 'Sending client requests synchronously',
    quote: 'The following methods are used to send requests from a client synchronously',
  },
  sendRequestAsync: {
    section: 'Sending client requests asynchronously',
    quote: 'method allows you to send a client request or an event in the chat application asynchronously.',
  },
  saveState: {
    section: 'Saving and loading the chat application state',
    quote: 'The following methods allow saving and loading the chat application state during the conversation with the client',
  },
  updateMessageStatus: {
    section: 'Updating the message status',
    quote: 'In the request body, specify a new value for the status field.',
  },
  updateMessageStatuses: {
    section: 'Updating statuses of several messages',
    quote: 'In the request body, specify the statuses field — an array of JSON objects.',
  },
};

/** Missing fields whose refusal a reading marked MUST states. */
const MUST_MISSING = new Set(['sendRequest.clientId', 'sendRequestAsync.clientId']);

function levelOf(c: RequestCase): Pick<CheckMeta, 'level' | 'doc' | 'section' | 'quote'> {
  const op = c.operation.operationId;
  if (c.kind === 'example') {
    const src = SOURCE[op];
    if (!src) throw new Error(`Test bug: no section of the Chat API page for ${op}`);
    return { level: 'MUST', doc: 'chatApi', ...src };
  }
  if (c.kind === 'missing-field' && MUST_MISSING.has(`${op}.${c.field}`)) return { level: 'MUST', doc: 'readings', section: 'chat-request-invalid-4xx' };
  if (c.kind === 'non-json' && op === 'saveState') return { level: 'SHOULD', doc: 'readings', section: 'chat-state-non-json' };
  return { level: 'SHOULD', doc: 'readings', section: 'gen-malformed-4xx' };
}

/** Adapt a documented example to this run: a fresh client, questionIds the bot really answered. */
async function prepare(op: string, example: Record<string, unknown>, chat: ChatApi, clientId: string) {
  const body: Record<string, unknown> = structuredClone(example);
  const pathParams: Record<string, string> = { clientId };
  if ('clientId' in body) body.clientId = clientId;
  if (op === 'updateMessageStatus') pathParams.questionId = (await ask(chat, clientId, 'Hello')).questionId;
  if (op === 'updateMessageStatuses' && Array.isArray(body.statuses)) {
    const ids: string[] = [];
    for (let i = 0; i < body.statuses.length; i++) ids.push((await ask(chat, clientId, `message ${i + 1}`)).questionId);
    body.statuses = body.statuses.map((s, i) => ({ ...(s as Record<string, unknown>), questionId: ids[i] }));
  }
  return { body, pathParams };
}

for (const c of requestCases('chat-api')) {
  const op = c.operation.operationId;
  check({ id: `chat-api.${c.idSuffix}`, title: c.title, ...levelOf(c) }, async ({ chat, fresh }) => {
    const { body, pathParams } = await prepare(op, c.operation.example as Record<string, unknown>, chat, fresh.id());
    if (c.kind === 'example') {
      ensure2xx(await chat.call(op, { pathParams, body }), `${op} with the documented example`);
    } else if (c.kind === 'missing-field') {
      ensure4xx(await chat.call(op, { pathParams, body: without(body, c.field!) }), `${op} without ${c.field}`);
    } else {
      ensure4xx(await chat.call(op, { pathParams, raw: NOT_JSON, headers: { 'content-type': 'application/json' } }), `${op} with a body that is not JSON`);
    }
  });
}
