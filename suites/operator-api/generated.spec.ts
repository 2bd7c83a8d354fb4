/**
 * Checks generated from specs/operator-api.yaml (harness/generated/request-cases.ts): every
 * operation's documented example is accepted (MUST); a request lacking a mandatory field, or a body
 * that is not JSON, is refused with 4xx (SHOULD, assumptions.md).
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure2xx, ensure4xx } from '../../harness/checks/ensure.ts';
import { requestCases, without, NOT_JSON } from '../../harness/generated/request-cases.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import { firstDestinationId, openChat } from './helpers.ts';

const SECTION: Record<string, string> = {
  setWebhook: 'POST /setWebhook',
  selectDestination: 'POST /selectDestination',
  sendText: 'POST /sendText',
  sendFile: 'POST /sendFile',
  closeChat: 'POST /closeChat',
};

/** Adapt a documented example to this run: a fresh user with an open chat, our receiver's URL. */
async function prepare(op: string, example: Record<string, unknown>, api: IutClient, userId: string, webhookUrl: string) {
  const body = { ...example };
  if ('userId' in body) body.userId = userId;
  if (op === 'setWebhook') body.url = webhookUrl;
  if (op === 'selectDestination') body.destinationId = await firstDestinationId(api);
  else if ('userId' in body) await openChat(api, userId);
  return body;
}

for (const c of requestCases('operator-api')) {
  const op = c.operation.operationId;
  check(
    {
      id: `operator-api.${c.idSuffix}`,
      title: c.title,
      level: c.kind === 'example' ? 'MUST' : 'SHOULD',
      doc: c.kind === 'example' ? 'operator' : 'assumptions',
      section: c.kind === 'example' ? (SECTION[op] ?? op) : 'Operator API: a request that lacks a mandatory field, or is not JSON, SHOULD get 4xx',
    },
    async ({ api, fresh, webhook }) => {
      const body = await prepare(op, c.operation.example as Record<string, unknown>, api, fresh.id(), webhook.main.url);
      if (op === 'setWebhook') webhook.forget(); // a refused or odd setWebhook may have moved the IUT's webhook
      if (c.kind === 'example') {
        ensure2xx(await api.call(op, { body }), `${op} with the documented example`);
      } else if (c.kind === 'missing-field') {
        ensure4xx(await api.call(op, { body: without(body, c.field!) }), `${op} without ${c.field}`);
      } else {
        ensure4xx(await api.call(op, { raw: NOT_JSON, headers: { 'content-type': 'application/json' } }), `${op} with a body that is not JSON`);
      }
    },
  );
}
