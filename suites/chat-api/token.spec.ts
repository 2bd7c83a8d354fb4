/**
 * The bot token: every path is under /chatapi/{token}, and a token that is not the channel's is
 * refused: 4xx (MUST, reading chat-unknown-token-4xx), 404 (SHOULD, chat-unknown-token-404). Each
 * method is called with an otherwise valid request, so that the token is the only thing wrong with it.
 */
import { randomBytes } from 'node:crypto';
import { check } from '../../fixtures/chat-api.ts';
import type { CallOptions, CallResult, IutClient } from '../../harness/http/iut-client.ts';
import { fail } from '../../harness/checks/failure.ts';
import { answerOf, received } from '../../harness/checks/ensure.ts';

/** A valid request of each method, for a client and a questionId of this check. */
function requests(clientId: string, questionId: string): Array<[string, CallOptions]> {
  const client = { clientId };
  return [
    ['sendRequest', { body: { clientId, query: 'Hello' } }],
    ['sendRequestSimple', { query: { clientId, query: 'Hello' } }],
    ['sendRequestAsync', { body: { clientId, query: 'Hello' } }],
    ['getEvents', { query: { clientId, ts: Date.now() - 60_000, all: true } }],
    ['getHistory', { pathParams: client }],
    ['saveState', { pathParams: client, body: { page: 'home' } }],
    ['loadState', { pathParams: client }],
    ['getMessageStatus', { pathParams: { clientId, questionId } }],
    ['updateMessageStatus', { pathParams: { clientId, questionId }, body: { status: 'READ' } }],
    ['updateMessageStatuses', { pathParams: client, body: { statuses: [{ questionId, status: 'READ' }] } }],
    ['getNotReadCount', { pathParams: client }],
  ];
}

/** Call every method with an unknown token; returns the answers by operation. */
async function withUnknownToken(api: IutClient, realToken: string, clientId: string, questionId: string, capMs: number): Promise<Array<[string, CallResult]>> {
  let token = randomBytes(16).toString('hex');
  if (token === realToken) token = `${token}x`;
  const out: Array<[string, CallResult]> = [];
  for (const [op, opts] of requests(clientId, questionId)) {
    out.push([op, await api.call(op, { ...opts, pathParams: { token, ...opts.pathParams }, timeoutMs: op === 'getEvents' ? capMs : undefined })]);
  }
  return out;
}

/**
 * Each method asked with an unknown token, held to one rule: the first that breaks it fails the check,
 * with its answer, naming how many more broke it too.
 */
async function ensureEveryMethod(
  api: IutClient,
  chat: { token: string },
  fresh: { id(label?: string): string },
  capMs: number,
  ok: (status: number | undefined) => boolean,
  expected: string,
  expectedValue: unknown,
): Promise<void> {
  const answers = await withUnknownToken(api, chat.token, fresh.id(), fresh.id('q'), capMs);
  const bad = answers.filter(([, r]) => !ok(r.status));
  if (bad.length === 0) return;
  const [op, r] = bad[0]!;
  const more =
    bad.length > 1
      ? ` (and ${bad.length - 1} more methods: ${bad
          .slice(1)
          .map(([o]) => o)
          .join(', ')})`
      : '';
  fail(`${op} with an unknown token ${answerOf(r)}, expected ${expected}${more}`, expectedValue, received(r.status));
}

check(
  {
    id: 'chat-api.token.unknown-token-rejected',
    title: 'every method refuses a token that is not the channel token with 4xx',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-unknown-token-4xx',
  },
  async ({ api, chat, fresh, run }) => {
    await ensureEveryMethod(
      api,
      chat,
      fresh,
      Math.min(run.timeoutMs, 3000),
      (status) => status !== undefined && status >= 400 && status <= 499,
      'a 4xx status',
      '4xx',
    );
  },
);

check(
  {
    id: 'chat-api.token.unknown-token-404',
    title: 'every method answers 404 to a token that is not the channel token',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-unknown-token-404',
  },
  async ({ api, chat, fresh, run }) => {
    await ensureEveryMethod(api, chat, fresh, Math.min(run.timeoutMs, 3000), (status) => status === 404, '404', 404);
  },
);
