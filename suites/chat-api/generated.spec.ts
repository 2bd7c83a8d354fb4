/**
 * Checks generated from specs/chat-api.yaml (harness/generated/request-cases.ts): every operation's
 * documented example is accepted (MUST); a request lacking a mandatory field, or a body that is not
 * JSON, is refused with 4xx. Levels follow assumptions.md (Chat API):
 *  - without clientId: 4xx MUST; a status update without a status ("a status outside the four"): 4xx MUST;
 *  - a state that is not valid JSON: 4xx SHOULD; other bodies that are not JSON, and a batch without
 *    `statuses`: 4xx SHOULD (common HTTP practice).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import { ensure2xx, ensure4xx } from '../../harness/checks/ensure.ts';
import { requestCases, without, NOT_JSON, type RequestCase } from '../../harness/generated/request-cases.ts';
import type { DocumentKey } from '../../harness/checks/sources.ts';
import { ask } from './helpers.ts';

const SECTION: Record<string, string> = {
  sendRequest: 'Sending client requests synchronously',
  sendRequestAsync: 'Sending client requests asynchronously',
  saveState: 'Saving and loading the chat application state',
  updateMessageStatus: 'Updating the message status',
  updateMessageStatuses: 'Updating statuses of several messages',
};

/** Missing fields whose refusal assumptions.md makes a MUST. */
const MUST_MISSING = new Set(['sendRequest.clientId', 'sendRequestAsync.clientId', 'updateMessageStatus.status']);

function levelOf(c: RequestCase): { level: 'MUST' | 'SHOULD'; doc: DocumentKey; section: string } {
  const op = c.operation.operationId;
  if (c.kind === 'example') return { level: 'MUST', doc: 'chatApi', section: SECTION[op] ?? op };
  if (c.kind === 'missing-field' && MUST_MISSING.has(`${op}.${c.field}`)) {
    return {
      level: 'MUST',
      doc: 'assumptions',
      section: c.field === 'status' ? 'Chat API: a status outside the four: 4xx' : 'Chat API: without clientId, or with neither query nor event: 4xx',
    };
  }
  if (c.kind === 'non-json' && op === 'saveState') return { level: 'SHOULD', doc: 'assumptions', section: 'Chat API: a state that is not valid JSON: 4xx (SHOULD)' };
  return { level: 'SHOULD', doc: 'assumptions', section: 'Chat API: malformed requests are answered 4xx (common HTTP practice)' };
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
  check(
    { id: `chat-api.${c.idSuffix}`, title: c.title, ...levelOf(c) },
    async ({ chat, fresh }) => {
      const { body, pathParams } = await prepare(op, c.operation.example as Record<string, unknown>, chat, fresh.id());
      if (c.kind === 'example') {
        ensure2xx(await chat.call(op, { pathParams, body }), `${op} with the documented example`);
      } else if (c.kind === 'missing-field') {
        ensure4xx(await chat.call(op, { pathParams, body: without(body, c.field!) }), `${op} without ${c.field}`);
      } else {
        ensure4xx(await chat.call(op, { pathParams, raw: NOT_JSON, headers: { 'content-type': 'application/json' } }), `${op} with a body that is not JSON`);
      }
    },
  );
}
