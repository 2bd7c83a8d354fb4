/**
 * GET /chatapi/{token}/client/{clientId}/message-not-read-count (getNotReadCount): "how many messages
 * the client has not read". A non-negative integer, bare or the only numeric property of an object
 * (reading chat-not-read-count-shape). Messages are marked READ one at a time with POST message
 * status; each mark is confirmed with GET before the count is compared (a mark that does not take
 * effect is judged by chat-api.statuses.set-delivered-and-read).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, isObject, answerOf } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { ask, askMany, is2xx, notReadCount, questionIdsAnywhere, statusOf } from './helpers.ts';

/** Mark a bot message READ; the mark must take effect for the count to be judged. */
async function markRead(chat: ChatApi, clientId: string, questionId: string): Promise<void> {
  const res = await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body: { status: 'READ' } });
  precondition(is2xx(res), `POST message status READ was not accepted (it ${answerOf(res)}; judged by chat-api.statuses.set-delivered-and-read)`);
  precondition(
    (await statusOf(chat, clientId, questionId)) === 'READ',
    'a message marked READ does not show READ (judged by chat-api.statuses.set-delivered-and-read)',
  );
}

check(
  {
    id: 'chat-api.notReadCount.response-matches-schema',
    title: 'the not-read count is a non-negative integer, bare or the only numeric property of a JSON object',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-not-read-count',
  },
  async ({ chat, fresh, validators }) => {
    const clientId = fresh.id();
    await ask(chat, clientId, 'first message');
    await ask(chat, clientId, 'second message');
    const res = await chat.call('getNotReadCount', { pathParams: { clientId } });
    ensure2xx(res, 'GET message-not-read-count');
    const json = ensureJsonBody(res, 'GET message-not-read-count');
    ensureNoSchemaErrors(validators.validate('NotReadCount', json, 'response body of getNotReadCount'), 'the answer of GET message-not-read-count');
    if (typeof json === 'number') return;
    const numeric = isObject(json) ? Object.entries(json).filter(([, v]) => typeof v === 'number') : [];
    if (numeric.length !== 1) {
      fail(
        `the not-read count answer ${describe(json)} has ${numeric.length} numeric properties, expected a bare integer or exactly one numeric property`,
        'one numeric property',
        json,
      );
    }
  },
);

check(
  {
    id: 'chat-api.notReadCount.falls-by-one-per-read',
    title: 'each bot message marked READ lowers the not-read count by exactly one',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-not-read-count',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const ids = await askMany(chat, clientId, 3);
    for (const q of ids)
      precondition(
        (await statusOf(chat, clientId, q)) !== 'READ',
        'a message the bot has just sent is already READ (judged by chat-api.statuses.new-message-not-read)',
      );
    let before = await notReadCount(chat, clientId);
    const seen = [before];
    for (const q of ids) {
      await markRead(chat, clientId, q);
      const after = await notReadCount(chat, clientId);
      seen.push(after);
      ensure(
        after === before - 1,
        `marking one more bot message READ changed the not-read count from ${before} to ${after}, expected ${before - 1} (counts so far: ${seen.join(' → ')})`,
        before - 1,
        after,
      );
      before = after;
    }
  },
);

check(
  {
    id: 'chat-api.notReadCount.zero-when-all-read',
    title: "the not-read count is 0 once all the bot's messages to the client are READ",
    level: 'MUST',
    doc: 'readings',
    section: 'chat-not-read-count',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const ids = await askMany(chat, clientId, 3);
    for (const q of ids) await markRead(chat, clientId, q);
    // Bot messages the suite did not cause (a greeting) count too: mark whatever else the history lists.
    const history = await chat.call('getHistory', { pathParams: { clientId } });
    const others = is2xx(history) && history.isJson ? questionIdsAnywhere(history.json).filter((q) => !ids.includes(q)) : [];
    for (const q of new Set(others)) {
      await chat.call('updateMessageStatus', { pathParams: { clientId, questionId: q }, body: { status: 'READ' } });
    }
    ensureEqual(await notReadCount(chat, clientId), 0, `the not-read count after all ${ids.length + others.length} bot messages were marked READ`);
  },
);
