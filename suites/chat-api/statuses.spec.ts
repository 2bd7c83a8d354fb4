/**
 * Message statuses: GET and POST /chatapi/{token}/client/{clientId}/message/{questionId}/status
 * (getMessageStatus, updateMessageStatus) and POST .../message-statuses (updateMessageStatuses).
 * "The following message statuses are supported in the Chat API: SENT, DELIVERED, READ, NOT_SENT."
 *
 * Each status is set on a message of its own, fresh from the bot: the document gives no transition
 * rules, so the suite never asks a message to go back from READ.
 */
import { check } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensure4xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, ensureStatus } from '../../harness/checks/ensure.ts';
import { ask, askMany, statusOf } from './helpers.ts';

const STATUSES = ['SENT', 'DELIVERED', 'READ', 'NOT_SENT'] as const;
/** Not one of the document's four. */
const BAD_STATUS = 'ARCHIVED';

check(
  {
    id: 'chat-api.statuses.get-matches-schema',
    title: 'GET message status answers 200 {"status": S} with S one of SENT, DELIVERED, READ, NOT_SENT',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Getting the message status',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Is my order shipped?');
    const res = await chat.call('getMessageStatus', { pathParams: { clientId, questionId } });
    ensureStatus(res, 200, 'GET message status');
    ensureJsonBody(res, 'GET message status');
    ensureNoSchemaErrors(res.schemaErrors, 'the answer of GET message status');
  },
);

check(
  {
    id: 'chat-api.statuses.new-message-not-read',
    title: 'a message the bot has just sent is not READ',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: a message the bot has just sent is not yet READ',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Hello');
    const status = await statusOf(chat, clientId, questionId);
    ensure(status !== 'READ', `the status of a message the bot has just sent is READ, expected SENT, DELIVERED or NOT_SENT`, 'SENT, DELIVERED or NOT_SENT', status);
  },
);

check(
  {
    id: 'chat-api.statuses.set-each-status',
    title: 'POST message status sets each of SENT, DELIVERED, READ and NOT_SENT, and a later GET shows it',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Updating the message status',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const ids = await askMany(chat, clientId, STATUSES.length);
    for (const [i, status] of STATUSES.entries()) {
      const questionId = ids[i]!;
      ensure2xx(await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body: { status } }), `POST message status ${status}`);
      ensureEqual(await statusOf(chat, clientId, questionId), status, `the status GET shows after POST ${status}`);
    }
  },
);

check(
  {
    id: 'chat-api.statuses.batch-sets-each',
    title: 'POST message-statuses sets the status of each message it lists',
    level: 'MUST',
    doc: 'chatApi',
    section: 'Updating statuses of several messages',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const ids = await askMany(chat, clientId, STATUSES.length);
    const statuses = STATUSES.map((status, i) => ({ questionId: ids[i]!, status }));
    ensure2xx(await chat.call('updateMessageStatuses', { pathParams: { clientId }, body: { statuses } }), 'POST message-statuses');
    const shown: string[] = [];
    for (const s of statuses) shown.push(await statusOf(chat, clientId, s.questionId));
    ensureEqual(shown, [...STATUSES], 'the statuses GET shows after one POST message-statuses');
  },
);

check(
  {
    id: 'chat-api.statuses.rejects-unknown-status',
    title: 'POST message status refuses a status outside the four with 4xx',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: a status outside the four: 4xx',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Hello');
    ensure4xx(await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body: { status: BAD_STATUS } }), `POST message status ${BAD_STATUS}`);
  },
);

check(
  {
    id: 'chat-api.statuses.batch-rejects-unknown-status',
    title: 'POST message-statuses refuses an item with a status outside the four with 4xx',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Chat API: a status outside the four: 4xx',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Hello');
    ensure4xx(
      await chat.call('updateMessageStatuses', { pathParams: { clientId }, body: { statuses: [{ questionId, status: BAD_STATUS }] } }),
      `POST message-statuses with the status ${BAD_STATUS}`,
    );
  },
);

check(
  {
    id: 'chat-api.statuses.unknown-question-id-404',
    title: 'GET and POST message status answer 404 for a questionId never answered to the client',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Chat API: an unknown questionId: 404',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'Hello');
    const questionId = fresh.id('never-answered');
    const got = await chat.call('getMessageStatus', { pathParams: { clientId, questionId } });
    ensureStatus(got, 404, `GET message status of a questionId never answered (${describe(questionId)})`);
    const set = await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body: { status: 'READ' } });
    ensureStatus(set, 404, `POST message status of a questionId never answered (${describe(questionId)})`);
  },
);
