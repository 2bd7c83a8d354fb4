/**
 * The platform's webhook refuses what is not an event of the document: such a request is the
 * engagement platform's error (4xx), and an apiKey that is not the channel's names no channel.
 * Each rule is checked alone, with everything else in the request valid. Whether an event of a type
 * the document does not list is refused or ignored is not checked (reading op-platform-not-checked).
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { ensure4xx } from '../../harness/checks/ensure.ts';
import { apiKeyOf } from '../../fixtures/operator-api-platform.ts';
import { agentPostsFor, textMessage } from './helpers.ts';

check(
  {
    id: 'operator-api-platform.webhook.rejects-not-json',
    title: 'the webhook refuses a body that is not JSON with a 4xx status',
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-malformed-4xx',
    rule: 'op.rejects-not-json',
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
    doc: 'readings',
    section: 'gen-malformed-4xx',
    rule: 'op.rejects-missing-field',
  },
  async ({ agent, fresh }) => {
    const { userId, ...event } = textMessage(fresh.id('evt'), 'nobody', 'Hello?');
    void userId;
    ensure4xx(await agent.post(event), 'the webhook, given a TextMessage without userId');
  },
);

check(
  {
    id: 'operator-api-platform.webhook.rejects-text-message-without-text',
    title: 'the webhook refuses a TextMessage without its mandatory text with a 4xx status',
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-malformed-4xx',
    rule: 'op.rejects-missing-field',
  },
  async ({ steps, agent, fresh }) => {
    const { res } = await agentPostsFor(steps, agent, fresh, (id, userId) => {
      const { text, ...event } = textMessage(id, userId, 'unused');
      void text;
      return event;
    });
    ensure4xx(res, 'the webhook, given a TextMessage without text');
  },
);

check(
  {
    id: 'operator-api-platform.webhook.rejects-unknown-api-key',
    title: "the webhook refuses an event posted with an apiKey other than the channel's with a 4xx status",
    level: 'SHOULD',
    doc: 'operator',
    section: 'POST /setWebhook',
    quote: 'ApiKey | string | Channel ID.',
  },
  async ({ steps, agent, fresh }) => {
    const otherKey = (url: string) => {
      const key = encodeURIComponent(apiKeyOf(url));
      const u = new URL(url);
      const at = u.pathname.lastIndexOf(key);
      u.pathname = `${u.pathname.slice(0, at)}${fresh.id('unknown-key')}${u.pathname.slice(at + key.length)}`;
      return u.toString();
    };
    const { res } = await agentPostsFor(steps, agent, fresh, (id, userId) => textMessage(id, userId, 'Is anyone there?'), otherKey);
    ensure4xx(res, "the webhook, given an event at an apiKey that is not the channel's");
  },
);
