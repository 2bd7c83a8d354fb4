/**
 * GET /chatapi/{token}/client/{clientId}/history (getHistory): the message history with the client,
 * as a JSON array or as an object holding one array (reading chat-history-shape). Every questionId
 * answered to the client appears, whichever method asked (chat-history), and the history is not
 * capped at 250 (chat-history-uncapped). Its date-range and pagination parameters are not documented
 * by name and are not checked.
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensureJsonBody, ensureNoSchemaErrors, answerOf } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { ask, askAsync, condenseEvidence, historyEntries, is2xx, questionIdIn, questionIdsAnywhere, within } from './helpers.ts';

const HISTORY_SECTION = 'Fetching the chat message history';

/** The questionIds the history of a client lists, wherever they are in it (the shape is the schema check's business). */
async function historyIds(chat: ChatApi, clientId: string): Promise<string[]> {
  const res = await chat.call('getHistory', { pathParams: { clientId } });
  precondition(is2xx(res) && res.isJson, `GET history ${answerOf(res)}, not a 2xx with a JSON body (judged by chat-api.history.response-matches-schema)`);
  return questionIdsAnywhere(res.json);
}

check(
  {
    id: 'chat-api.history.response-matches-schema',
    title: 'the history is an array of entries with questionId and timestamp, or an object holding one such array',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-history',
  },
  async ({ chat, fresh, validators }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'Hello');
    await ask(chat, clientId, 'I need a refund');
    const res = await chat.call('getHistory', { pathParams: { clientId } });
    ensure2xx(res, 'GET history');
    const json = ensureJsonBody(res, 'GET history');
    ensureNoSchemaErrors(validators.validate('History', json, 'response body of getHistory'), 'the answer of GET history');
    const entries = historyEntries(json);
    if (!entries) fail(`the history is ${describe(json)}, expected an array or an object holding exactly one array`, 'an array of entries', json);
    // The array form is validated entry by entry by the History schema; the object form's array here.
    const errors = entries.flatMap((e, i) => validators.validate('HistoryEntry', e, `history entry [${i}]`));
    ensureNoSchemaErrors(errors, 'the history entries');
  },
);

check(
  {
    id: 'chat-api.history.lists-every-question-id',
    title: 'the history lists every questionId answered to the client through POST /chatapi/{token}, with a query or an event',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-history',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const asked = [
      (await ask(chat, clientId, 'Hello')).questionId,
      (await ask(chat, clientId, 'What does shipping cost?')).questionId,
      (await ask(chat, clientId, 'start', { query: undefined, event: 'start' })).questionId,
    ];
    const listed = await historyIds(chat, clientId);
    const missing = asked.filter((q) => !listed.includes(q));
    ensure(
      missing.length === 0,
      `the history lacks ${missing.length} of the ${asked.length} questionIds answered to the client: ${describe(missing)}`,
      asked,
      listed,
    );
  },
);

check(
  {
    id: 'chat-api.history.lists-async-question-ids',
    title: 'the history lists the questionId of a request sent through POST /chatapi/{token}/async, once it is answered',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-history',
  },
  async ({ chat, fresh, run }) => {
    const clientId = fresh.id();
    const questionId = await askAsync(chat, clientId, 'Is this in my history?');
    // The server answers an async request when it gets to it: the history is asked until the budget ends.
    const listed = await within(
      run,
      () => historyIds(chat, clientId),
      (ids) => ids.includes(questionId),
    );
    ensure(
      listed.includes(questionId),
      `the history does not list ${describe(questionId)}, the questionId of an async request, within ${run.timeoutMs} ms (it lists ${describe(listed)})`,
      questionId,
      listed,
    );
  },
);

check(
  {
    id: 'chat-api.history.lists-simple-get-question-ids',
    title: 'where the simplified GET answers with a questionId, the history lists it',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-history',
  },
  async ({ chat, fresh, run, evidence }) => {
    const clientId = fresh.id();
    const res = await chat.call('sendRequestSimple', { query: { clientId, query: 'Hello through the simplified GET' } });
    precondition(is2xx(res), `GET /chatapi/{token} was not accepted (it ${answerOf(res)}; judged by chat-api.sendRequestSimple.echoes-request)`);
    const questionId = questionIdIn(res.json);
    if (questionId === undefined) {
      // Only an echo, which the readings allow (chat-simple-get-kind): no message, nothing the history must list.
      evidence.push({
        kind: 'note',
        text: 'the simplified GET answered without a questionId (an echo, allowed by reading chat-simple-get-kind): the history has nothing to list',
      });
      return;
    }
    const listed = await within(
      run,
      () => historyIds(chat, clientId),
      (ids) => ids.includes(questionId),
    );
    ensure(
      listed.includes(questionId),
      `the history does not list ${describe(questionId)}, the questionId the simplified GET answered with (it lists ${describe(listed)})`,
      questionId,
      listed,
    );
  },
);

check(
  {
    id: 'chat-api.history.lists-only-that-client',
    title: "the history of a client does not list another client's questionIds",
    level: 'MUST',
    doc: 'chatApi',
    section: HISTORY_SECTION,
    quote: 'method allows receiving the message history with the client',
  },
  async ({ chat, fresh }) => {
    const [clientId, otherClient] = [fresh.id(), fresh.id()];
    const own = await ask(chat, clientId, 'my question');
    const other = await ask(chat, otherClient, 'somebody else’s question');
    precondition(
      own.questionId !== other.questionId,
      'two clients were answered with the same questionId (judged by chat-api.sendRequest.question-ids-unique)',
    );
    const listed = await historyIds(chat, clientId);
    ensure(
      !listed.includes(other.questionId),
      `the history of client ${clientId} lists ${describe(other.questionId)}, a questionId answered to client ${otherClient}`,
      'no questionId of another client',
      listed,
    );
  },
);

check(
  {
    id: 'chat-api.history.uncapped',
    title: 'the history lists all of 260 questionIds answered to one client: it is not capped at the 250 of GET /events',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-history-uncapped',
  },
  async ({ chat, fresh, evidence }) => {
    const clientId = fresh.id();
    const total = 260;
    const mark = evidence.length;
    const asked: string[] = [];
    for (let i = 0; i < total; i += 10) {
      const batch = Array.from({ length: Math.min(10, total - i) }, (_, j) => chat.call('sendRequest', { body: { clientId, query: `question ${i + j + 1}` } }));
      for (const res of await Promise.all(batch)) {
        precondition(is2xx(res), `POST /chatapi/{token} was not accepted (it ${answerOf(res)}) while asking ${total} questions`);
        const q = questionIdIn(res.json);
        precondition(q, 'the answer to POST /chatapi/{token} carries no questionId (judged by chat-api.sendRequest.response-matches-schema)');
        asked.push(q);
      }
    }
    condenseEvidence(evidence, mark, 2, `POST /chatapi/{token} (${total} requests of client ${clientId})`);
    const listed = new Set(await historyIds(chat, clientId));
    const found = asked.filter((q) => listed.has(q)).length;
    ensure(
      found === total,
      `the history lists ${found} of the ${total} questionIds answered to the client${found <= 250 ? ' (capped?)' : ''}, expected all of them`,
      total,
      found,
    );
  },
);
