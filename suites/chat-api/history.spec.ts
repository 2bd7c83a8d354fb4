/**
 * GET /chatapi/{token}/client/{clientId}/history (getHistory): the message history with the client,
 * as a JSON array or as an object holding one array (assumptions.md). Its date-range and pagination
 * parameters are not documented by name and are not checked.
 */
import { check } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensureJsonBody, ensureNoSchemaErrors, ensureStatus } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { ask, historyEntries, questionIdsAnywhere } from './helpers.ts';

check(
  {
    id: 'chat-api.history.response-matches-schema',
    title: 'the history is an array of entries with questionId and timestamp, or an object holding one such array',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: history as a JSON array or an object holding one array; each entry has questionId and timestamp',
  },
  async ({ chat, fresh, validators }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'Hello');
    await ask(chat, clientId, 'I need a refund');
    const res = await chat.call('getHistory', { pathParams: { clientId } });
    ensureStatus(res, 200, 'GET history');
    const json = ensureJsonBody(res, 'GET history');
    ensureNoSchemaErrors(res.schemaErrors, 'the answer of GET history');
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
    title: 'the history lists every questionId answered to the client',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: every questionId answered to that client so far appears in the history',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const asked = [
      (await ask(chat, clientId, 'Hello')).questionId,
      (await ask(chat, clientId, 'What does shipping cost?')).questionId,
      (await ask(chat, clientId, 'start', { query: undefined, event: 'start' })).questionId,
    ];
    const res = await chat.call('getHistory', { pathParams: { clientId } });
    ensureStatus(res, 200, 'GET history');
    const json = ensureJsonBody(res, 'GET history');
    // Wherever the entries are (the shape is the schema check's business), their questionIds count.
    const listed = questionIdsAnywhere(json);
    const missing = asked.filter((q) => !listed.includes(q));
    ensure(missing.length === 0, `the history lacks ${missing.length} of the ${asked.length} questionIds answered to the client: ${describe(missing)}`, asked, listed);
  },
);
