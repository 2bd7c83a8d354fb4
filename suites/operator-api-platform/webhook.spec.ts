/**
 * The platform's webhook refuses what is not an event of the document: such a request is the
 * engagement platform's error (4xx), and an apiKey that is not the channel's names no channel.
 * Each rule is checked alone, with everything else in the request valid.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { ensure4xx } from '../../harness/checks/ensure.ts';
import { apiKeyOf } from '../../fixtures/operator-api-platform.ts';
import { EMPLOYEE, textMessage, transferredClient } from './helpers.ts';

const MALFORMED = 'Operator API: a request that lacks a field marked mandatory, or is not JSON, SHOULD get 4xx';

check(
  {
    id: 'operator-api-platform.webhook.rejects-not-json',
    title: 'the webhook refuses a body that is not JSON with a 4xx status',
    level: 'SHOULD',
    doc: 'assumptions',
    section: MALFORMED,
  },
  async ({ agent }) => {
    const res = await agent.post(undefined, { raw: '{"id": "evt-1", "userId": "54321", "type": "TextMessage", "text": ' });
    ensure4xx(res, 'the webhook, given a body that is not JSON');
  },
);

check(
  {
    id: 'operator-api-platform.webhook.rejects-missing-user-id',
    title: 'the webhook refuses an event without userId with a 4xx status',
    level: 'SHOULD',
    doc: 'assumptions',
    section: MALFORMED,
  },
  async ({ agent, fresh }) => {
    const { userId, ...event } = textMessage(fresh.id('evt'), 'nobody', 'Hello?');
    void userId;
    ensure4xx(await agent.post(event), 'the webhook, given a TextMessage without userId');
  },
);

check(
  {
    id: 'operator-api-platform.webhook.rejects-unknown-type',
    title: 'the webhook refuses an event of a type the document does not list with a 4xx status',
    level: 'SHOULD',
    doc: 'assumptions',
    section: MALFORMED,
  },
  async ({ steps, agent, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const event = { id: fresh.id('evt'), userId: t.userId, type: 'AgentTyping', text: 'typing…', employee: { ...EMPLOYEE } };
    ensure4xx(await agent.post(event), 'the webhook, given an event of type "AgentTyping"');
  },
);

check(
  {
    id: 'operator-api-platform.webhook.rejects-text-message-without-text',
    title: 'the webhook refuses a TextMessage without its mandatory text with a 4xx status',
    level: 'SHOULD',
    doc: 'assumptions',
    section: MALFORMED,
  },
  async ({ steps, agent, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const { text, ...event } = textMessage(fresh.id('evt'), t.userId, 'unused');
    void text;
    ensure4xx(await agent.post(event), 'the webhook, given a TextMessage without text');
  },
);

check(
  {
    id: 'operator-api-platform.webhook.rejects-unknown-api-key',
    title: "the webhook refuses an event posted with an apiKey other than the channel's with a 4xx status",
    level: 'SHOULD',
    doc: 'operator',
    section: 'Passing events: webhook format',
  },
  async ({ steps, agent, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const key = apiKeyOf(agent.url);
    const u = new URL(agent.url);
    const at = u.pathname.lastIndexOf(encodeURIComponent(key));
    u.pathname = `${u.pathname.slice(0, at)}${fresh.id('unknown-key')}${u.pathname.slice(at + encodeURIComponent(key).length)}`;
    const res = await agent.post(textMessage(fresh.id('evt'), t.userId, 'Is anyone there?'), { url: u.toString() });
    ensure4xx(res, 'the webhook, given an event at an apiKey that is not the channel\'s');
  },
);
