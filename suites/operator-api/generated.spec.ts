/**
 * Checks generated from specs/operator-api.yaml (harness/generated/request-cases.ts): every
 * operation's documented example is accepted (MUST: the page shows it, quoted by a fragment); a request
 * lacking a mandatory field, or a body that is not JSON, is refused with 4xx (SHOULD, reading
 * gen-malformed-4xx; for setWebhook's url, which the table does not mark mandatory,
 * op-set-webhook-url-required).
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure2xx, ensure4xx } from '../../harness/checks/ensure.ts';
import { requestCases, without, NOT_JSON } from '../../harness/generated/request-cases.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import { firstDestinationId, openChat } from './helpers.ts';

/** Where each example is shown, and a fragment of it as the page prints it. */
const EXAMPLE: Record<string, { section: string; quote: string }> = {
  setWebhook: { section: 'POST /setWebhook', quote: '"url": "http://{host_name}/chatadapter/chatapi/webhook/operatorapi/{apiKey}"' },
  selectDestination: { section: 'POST /selectDestination', quote: '"destinationId":"54321"' },
  sendText: { section: 'POST /sendText', quote: '"text": "text"' },
  sendFile: { section: 'POST /sendFile', quote: '"fileName": "example"' },
  closeChat: { section: 'POST /closeChat', quote: '"text": "The user closed the dialog"' },
};

/** The shared rule a refusal grades: the chatbot platform's webhook is held to the same (operator-api-platform.webhook.*). */
const REFUSAL_RULE = { 'missing-field': 'op.rejects-missing-field', 'non-json': 'op.rejects-not-json' } as const;

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
  const meta =
    c.kind === 'example'
      ? { level: 'MUST' as const, doc: 'operator' as const, section: EXAMPLE[op]?.section ?? op, quote: EXAMPLE[op]?.quote }
      : {
          level: 'SHOULD' as const,
          doc: 'readings' as const,
          section: op === 'setWebhook' && c.field === 'url' ? 'op-set-webhook-url-required' : 'gen-malformed-4xx',
          rule: REFUSAL_RULE[c.kind],
        };
  check({ id: `operator-api.${c.idSuffix}`, title: c.title, ...meta }, async ({ api, fresh, webhook }) => {
    const body = await prepare(op, c.operation.example as Record<string, unknown>, api, fresh.id(), webhook.main.url);
    if (op === 'setWebhook') webhook.forget(); // a refused or odd setWebhook may have moved the IUT's webhook
    if (c.kind === 'example') {
      ensure2xx(await api.call(op, { body }), `${op} with the documented example`);
    } else if (c.kind === 'missing-field') {
      ensure4xx(await api.call(op, { body: without(body, c.field!) }), `${op} without ${c.field}`);
    } else {
      ensure4xx(await api.call(op, { raw: NOT_JSON, headers: { 'content-type': 'application/json' } }), `${op} with a body that is not JSON`);
    }
  });
}
