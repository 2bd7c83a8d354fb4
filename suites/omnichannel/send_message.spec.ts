/**
 * The agent's answers: "Requests from the Platform to the client channel/server" go to
 * `{Channel webhook URL}/send_message`, authorized by the "Channel webhook: Token" in an
 * `Authorization: Token {token}` header or, without a token, by the unique URL itself. The body
 * follows Webim External Bot API 2.0 (assumptions.md).
 *
 * A valid visitor text makes the agent answer; what it says is the platform's business.
 */
import { check } from '../../fixtures/omnichannel.ts';
import { ensure, ensureEqual, ensureNoSchemaErrors, describe } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { agentReply, freshChatId, sendMessageBody } from './helpers.ts';

check(
  {
    id: 'omnichannel.send_message.reaches-client-server',
    title: "the agent's answer is sent to {Channel webhook URL}/send_message",
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Requests from the Platform to the client channel/server: Base URL',
  },
  async ({ api, agentChannel, deliveries, fresh }) => {
    // agentReply fails unless the answer reached this channel's endpoint, whose path is exactly
    // {Channel webhook URL}/send_message (a message with the path would show the URL's secret).
    await agentReply(api, deliveries, fresh, agentChannel.token, agentChannel.server);
  },
);

check(
  {
    id: 'omnichannel.send_message.post-json',
    title: 'send_message is a POST with Content-Type application/json and a JSON object body',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: the agent\'s answer: POST {Channel webhook URL}/send_message, JSON',
  },
  async ({ api, agentChannel, deliveries, fresh }) => {
    const d = await agentReply(api, deliveries, fresh, agentChannel.token, agentChannel.server);
    ensureEqual(d.method, 'POST', 'the HTTP method of send_message');
    ensure(/^application\/json\b/i.test(d.contentType), `send_message was sent with Content-Type ${describe(d.contentType)}, expected application/json`, 'application/json', d.contentType);
    const body = d.json;
    ensure(d.isJson && typeof body === 'object' && body !== null && !Array.isArray(body), `the send_message body is ${Array.isArray(body) ? 'a JSON array' : 'not a JSON object'}, expected one JSON object`, 'a JSON object', d.rawBody.slice(0, 200));
  },
);

check(
  {
    id: 'omnichannel.send_message.matches-schema',
    title: 'the send_message body has chat_id and a message of a known kind with its fields',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: the agent\'s answer: {"chat_id", "message": {"kind": "operator", "text"}} (Webim 2.0 kinds)',
  },
  async ({ api, agentChannel, deliveries, fresh, validators, coverage }) => {
    const d = await agentReply(api, deliveries, fresh, agentChannel.token, agentChannel.server);
    coverage.events.push('send_message');
    const errors = validators.validate('SendMessageRequest', sendMessageBody(d), 'send_message body');
    deliveries.annotate(d, errors);
    ensureNoSchemaErrors(errors, 'the send_message body');
  },
);

check(
  {
    id: 'omnichannel.send_message.same-chat-id',
    title: 'send_message carries the integer chat_id received, as the same JSON integer',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: the agent\'s answer: chat_id is the chat_id received, same value',
  },
  async ({ api, agentChannel, deliveries, fresh }) => {
    const chatId = freshChatId();
    const d = await agentReply(api, deliveries, fresh, agentChannel.token, agentChannel.server, chatId);
    ensureEqual((sendMessageBody(d) as Record<string, unknown>).chat_id, chatId, 'send_message chat_id');
  },
);

check(
  {
    id: 'omnichannel.send_message.string-chat-id-echoed',
    title: 'send_message carries a string chat_id back as the same string',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: a string chat_id is accepted (and echoed as a string)',
  },
  async ({ api, agentChannel, deliveries, fresh }) => {
    // Digits only: a platform that turns numeric strings into numbers must show here.
    const chatId = String(freshChatId());
    const d = await agentReply(api, deliveries, fresh, agentChannel.token, agentChannel.server, chatId);
    ensureEqual((sendMessageBody(d) as Record<string, unknown>).chat_id, chatId, 'send_message chat_id');
  },
);

/** The Authorization header in words, the client token shown as its placeholder, any other credential hidden. */
function authorizationInWords(d: Delivery, clientToken: string): string {
  const value = d.headers.authorization;
  if (value === undefined) return 'absent';
  const m = /^(\S+)(\s+)(.*)$/s.exec(value);
  if (!m) return value === clientToken ? '"$CLIENT_TOKEN" (no scheme)' : 'a value without a scheme';
  const credential = m[3] === clientToken ? '$CLIENT_TOKEN' : '<another credential>';
  return `"${m[1]}${m[2]}${credential}"`;
}

check(
  {
    id: 'omnichannel.send_message.authorization-token',
    title: 'with a Channel webhook Token, send_message carries exactly Authorization: Token {token}',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Client-side authentication: Header (Authorization: Token {token})',
  },
  async ({ api, agentChannel, deliveries, fresh }, info) => {
    if (agentChannel.clientToken === undefined) {
      info.skip(true, 'no Channel webhook Token is configured (--client-token): the platform is expected to authorize by unique URL');
    }
    const token = agentChannel.clientToken!;
    const d = await agentReply(api, deliveries, fresh, agentChannel.token, agentChannel.server);
    if (d.headers.authorization !== `Token ${token}`) {
      fail(`the Authorization header of send_message is ${authorizationInWords(d, token)}, expected "Token $CLIENT_TOKEN"`, 'Token $CLIENT_TOKEN', authorizationInWords(d, token));
    }
  },
);

check(
  {
    id: 'omnichannel.send_message.unique-url',
    title: 'without a Channel webhook Token, send_message goes to the unique URL configured',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Client-side authentication: Unique URL',
  },
  async ({ api, channels, deliveries, fresh }) => {
    const unique = await channels.create('unique', { active: true, auth: 'unique-url' });
    // Fails unless the answer reached exactly {the unique URL}/send_message; no header is required.
    await agentReply(api, deliveries, fresh, unique.token, unique.server);
  },
);
