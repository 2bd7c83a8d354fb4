/**
 * Message statuses: GET and POST /chatapi/{token}/client/{clientId}/message/{questionId}/status
 * (getMessageStatus, updateMessageStatus) and POST .../message-statuses (updateMessageStatuses).
 * "The following message statuses are supported in the Chat API: SENT, DELIVERED, READ, NOT_SENT."
 *
 * Each status is set on a message of its own, fresh from the bot: the document gives no transition
 * rules, so the suite never asks a message to go back from READ. A client reports DELIVERED and READ
 * (MUST, reading chat-status-set); SENT and NOT_SENT describe the sending side, and a client setting
 * them is a SHOULD (chat-status-set-server-side). Which status a new message starts in is open but
 * for READ (chat-status-initial).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import {
  describe,
  ensure,
  ensure2xx,
  ensure4xx,
  ensureEqual,
  ensureJsonBody,
  ensureNoSchemaErrors,
  ensureStatus,
  answerOf,
  received,
} from '../../harness/checks/ensure.ts';
import { ask, askAsync, askMany, statusIn, statusOf, within } from './helpers.ts';

const STATUSES = ['SENT', 'DELIVERED', 'READ', 'NOT_SENT'] as const;
type Status = (typeof STATUSES)[number];
/** The statuses a client reports about the bot's messages. */
const CLIENT_STATUSES = ['DELIVERED', 'READ'] as const;
/** The statuses of the sending side. */
const SERVER_STATUSES = ['SENT', 'NOT_SENT'] as const;

/** Set each status on a fresh message of its own with POST message status; GET must show it. */
async function setEach(chat: ChatApi, clientId: string, statuses: readonly Status[]): Promise<void> {
  const ids = await askMany(chat, clientId, statuses.length);
  for (const [i, status] of statuses.entries()) {
    const questionId = ids[i]!;
    ensure2xx(await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body: { status } }), `POST message status ${status}`);
    ensureEqual(await statusOf(chat, clientId, questionId), status, `the status GET shows after POST ${status}`);
  }
}

/** Set each status on a fresh message of its own with one POST message-statuses; GET must show each. */
async function setBatch(chat: ChatApi, clientId: string, statuses: readonly Status[]): Promise<void> {
  const ids = await askMany(chat, clientId, statuses.length, 'batch message');
  const items = statuses.map((status, i) => ({ questionId: ids[i]!, status }));
  ensure2xx(
    await chat.call('updateMessageStatuses', { pathParams: { clientId }, body: { statuses: items } }),
    `POST message-statuses with ${statuses.join(' and ')}`,
  );
  const shown: string[] = [];
  for (const s of items) shown.push(await statusOf(chat, clientId, s.questionId));
  ensureEqual(shown, [...statuses], `the statuses GET shows after one POST message-statuses with ${statuses.join(' and ')}`);
}
/** Not one of the document's four. */
const BAD_STATUS = 'ARCHIVED';

check(
  {
    id: 'chat-api.statuses.get-matches-schema',
    title: 'GET message status answers 2xx {"status": S} with S one of SENT, DELIVERED, READ, NOT_SENT',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-status-get',
  },
  async ({ chat, fresh, validators }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Is my order shipped?');
    const res = await chat.call('getMessageStatus', { pathParams: { clientId, questionId } });
    ensure2xx(res, 'GET message status');
    const body = ensureJsonBody(res, 'GET message status');
    ensureNoSchemaErrors(validators.validate('StatusBody', body, 'response body of getMessageStatus'), 'the answer of GET message status');
  },
);

check(
  {
    id: 'chat-api.statuses.async-question-has-status',
    title: 'the questionId of a request sent through POST /chatapi/{token}/async has a status, once it is answered',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-status-get',
  },
  async ({ chat, fresh, run }) => {
    const clientId = fresh.id();
    const questionId = await askAsync(chat, clientId, 'Did you get my message?');
    // The server answers an async request when it gets to it: the status is asked until the budget ends.
    const res = await within(
      run,
      () => chat.call('getMessageStatus', { pathParams: { clientId, questionId } }),
      (r) => statusIn(r) !== undefined,
    );
    const status = statusIn(res);
    ensure(
      status !== undefined && (STATUSES as readonly string[]).includes(status),
      `GET message status of ${describe(questionId)}, the questionId of an async request, ${answerOf(res)} within ${run.timeoutMs} ms, expected one of ${STATUSES.join(', ')}`,
      STATUSES.join(' | '),
      received(res.text),
    );
  },
);

check(
  {
    id: 'chat-api.statuses.new-message-not-read',
    title: 'a message the bot has just sent is not READ',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-status-get',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Hello');
    const status = await statusOf(chat, clientId, questionId);
    ensure(
      status !== 'READ',
      `the status of a message the bot has just sent is READ, expected SENT, DELIVERED or NOT_SENT`,
      'SENT, DELIVERED or NOT_SENT',
      status,
    );
  },
);

check(
  {
    id: 'chat-api.statuses.set-delivered-and-read',
    title: 'POST message status sets DELIVERED and READ, and a later GET shows each',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-status-set',
  },
  async ({ chat, fresh }) => {
    await setEach(chat, fresh.id(), CLIENT_STATUSES);
  },
);

check(
  {
    id: 'chat-api.statuses.batch-sets-each',
    title: 'POST message-statuses sets DELIVERED and READ on the messages it lists, and a later GET shows each',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-status-set',
  },
  async ({ chat, fresh }) => {
    await setBatch(chat, fresh.id(), CLIENT_STATUSES);
  },
);

check(
  {
    id: 'chat-api.statuses.set-sent-and-not-sent',
    title: 'POST message status and POST message-statuses set SENT and NOT_SENT from the client, and a later GET shows each',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-status-set-server-side',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    await setEach(chat, clientId, SERVER_STATUSES);
    await setBatch(chat, clientId, SERVER_STATUSES);
  },
);

check(
  {
    id: 'chat-api.statuses.rejects-unknown-status',
    title: 'POST message status refuses a status outside the four with 4xx',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-status-set',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const { questionId } = await ask(chat, clientId, 'Hello');
    ensure4xx(
      await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body: { status: BAD_STATUS } }),
      `POST message status ${BAD_STATUS}`,
    );
  },
);

check(
  {
    id: 'chat-api.statuses.batch-rejects-unknown-status',
    title: 'POST message-statuses refuses an item with a status outside the four with 4xx',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-status-batch-invalid-4xx',
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
    doc: 'readings',
    section: 'chat-status-unknown-404',
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
