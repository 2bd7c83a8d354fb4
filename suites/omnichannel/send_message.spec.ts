/**
 * The agent's messages: "Requests from the Platform to the client channel/server" go to
 * `{Channel webhook URL}/send_message`, authorized by the "Channel webhook: Token" in an
 * `Authorization: Token {token}` header or, without a token, by the unique URL itself. The body is
 * not in the document: the Webim External Bot API 2.0 format is the reading, at SHOULD
 * (docs/readings omni-send-message-body), as are the checks of the text and buttons inside it.
 *
 * The agent writes only as its script decides (docs/readings omni-agent-script): every check here
 * opens a chat with a visitor text, then asks the driver to make the agent write in it
 * (`POST omnichannel/agent-message`); a driver without that action skips the check with the reason.
 */
import { check } from '../../fixtures/omnichannel.ts';
import { ensure, ensureNoSchemaErrors, isObject } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS } from '../../fixtures/payloads/texts.ts';
import {
  ensureSame,
  shown,
  agentReply,
  agentWrites,
  freshChatId,
  messageOf,
  openChat,
  replyCarrying,
  repliesUntil,
  sendMessageBody,
  type ChatId,
} from './helpers.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { Fresh } from '../../fixtures/conformance.ts';

check(
  {
    id: 'omnichannel.send_message.reaches-client-server',
    title: "the agent's message is a POST to {Channel webhook URL}/send_message",
    level: 'MUST',
    doc: 'readings',
    section: 'omni-send-message-url',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    // agentReply fails unless the message reached this channel's endpoint, whose path is exactly
    // {Channel webhook URL}/send_message (a message with the path would show the URL's secret).
    const d = await agentReply(api, driver, deliveries, fresh, agentChannel);
    ensureSame(d.method, 'POST', 'the HTTP method of send_message');
  },
);

check(
  {
    id: 'omnichannel.send_message.post-json',
    title: 'send_message has Content-Type application/json and one JSON object as its body',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-send-message-body',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    const d = await agentReply(api, driver, deliveries, fresh, agentChannel);
    ensure(
      /^application\/json\b/i.test(d.contentType),
      `send_message was sent with Content-Type ${shown(d.contentType)}, expected application/json`,
      'application/json',
      d.contentType,
    );
    const body = d.json;
    ensure(
      d.isJson && isObject(body),
      `the send_message body is ${Array.isArray(body) ? 'a JSON array' : 'not a JSON object'}, expected one JSON object`,
      'a JSON object',
      d.rawBody.slice(0, 200),
    );
  },
);

check(
  {
    id: 'omnichannel.send_message.matches-schema',
    title: 'a text the agent writes is sent as {"chat_id", "message": {"kind": "operator", "text"}}',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-send-message-body',
    rule: 'omni.send_message.operator',
  },
  async ({ api, agentChannel, driver, deliveries, fresh, validators, coverage }) => {
    const d = await agentReply(api, driver, deliveries, fresh, agentChannel);
    coverage.events.push('send_message');
    const body = sendMessageBody(d);
    const errors = [
      ...validators.validate('SendMessageRequest', body, 'send_message body'),
      ...validators.validate('OperatorMessage', isObject(body) ? body.message : undefined, 'send_message body message'),
    ];
    deliveries.annotate(d, errors);
    ensureNoSchemaErrors(errors, 'the send_message body');
  },
);

check(
  {
    id: 'omnichannel.send_message.same-chat-id',
    title: 'send_message carries the integer chat_id received, as the same JSON integer',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-send-message-body',
    rule: 'omni.send_message.chat-id',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    const chatId = freshChatId();
    const d = await agentReply(api, driver, deliveries, fresh, agentChannel, chatId);
    ensureSame((sendMessageBody(d) as Record<string, unknown>).chat_id, chatId, 'send_message chat_id');
  },
);

check(
  {
    id: 'omnichannel.send_message.string-chat-id-echoed',
    title: 'send_message carries a string chat_id back as the same string',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-chat-id-string',
    rule: 'omni.send_message.chat-id',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    // Digits only: a platform that turns numeric strings into numbers must show here.
    const chatId = String(freshChatId());
    const d = await agentReply(api, driver, deliveries, fresh, agentChannel, chatId);
    ensureSame((sendMessageBody(d) as Record<string, unknown>).chat_id, chatId, 'send_message chat_id');
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

/** `Token {token}`, the scheme word in any case (docs/readings omni-auth-scheme-case), one or more spaces. */
function isTokenAuthorization(value: string | undefined, token: string): boolean {
  const m = value === undefined ? null : /^(\S+) +(.*)$/s.exec(value);
  return m !== null && m[1].toLowerCase() === 'token' && m[2] === token;
}

check(
  {
    id: 'omnichannel.send_message.authorization-token',
    title: 'with a Channel webhook Token, every send_message carries Authorization: Token {token} (the scheme word in any case)',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Client-side authentication',
    quote: 'Authorization: Token {token}',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }, info) => {
    if (agentChannel.clientToken === undefined) {
      info.skip(true, 'no Channel webhook Token is configured (--client-token): the platform is expected to authorize by unique URL');
    }
    const token = agentChannel.clientToken!;
    // Two messages: a platform may vary between them (the scheme word's case), each is judged.
    const chatId = await openChat(api, fresh, agentChannel.token);
    const markers = [fresh.id('auth'), fresh.id('auth')];
    for (const marker of markers) {
      await agentWrites(driver, chatId, { text: `Authorized reply ${marker}` });
      const d = await deliveries.waitFor(replyCarrying(chatId, marker), `the agent's send_message "${marker}" for chat ${chatId}`);
      if (!isTokenAuthorization(d.headers.authorization, token)) {
        fail(
          `the Authorization header of send_message is ${authorizationInWords(d, token)}, expected "Token $CLIENT_TOKEN"`,
          'Token $CLIENT_TOKEN',
          authorizationInWords(d, token),
        );
      }
    }
  },
);

check(
  {
    id: 'omnichannel.send_message.unique-url',
    title: 'without a Channel webhook Token, send_message goes to the unique URL configured',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Client-side authentication',
    quote: 'Must specify the URL containing the token in the Channel webhook: URL field when connecting the Agent Channel.',
  },
  async ({ api, channels, driver, deliveries, fresh }) => {
    const unique = await channels.create('unique', { active: true, auth: 'unique-url' });
    // Fails unless the message reached exactly {the unique URL}/send_message; no header is required.
    await agentReply(api, driver, deliveries, fresh, unique);
  },
);

// -- What the agent writes reaches the client server as it wrote it ---------------------------------

/**
 * Texts the agent can be asked to write: at most 1000 characters (longer ones are the channel's
 * discretion, docs/readings omni-long-agent-text).
 */
const AGENT_CHARACTER_TEXTS = Object.entries(CHARACTER_TEXTS).filter(([, t]) => Array.from(t).length <= 1000);

/** The agent writes each text in one fresh chat; fail naming each that no send_message carries as message.text. */
async function agentTextsArrive(
  { api, driver, deliveries, fresh, token }: { api: IutClient; driver: DriverClient; deliveries: DeliveryWatcher; fresh: Fresh; token: string },
  texts: Array<readonly [string, string]>,
): Promise<void> {
  driver.require();
  const chatId: ChatId = await openChat(api, fresh, token);
  for (const [, text] of texts) await agentWrites(driver, chatId, { text });
  const textsOf = (ds: Delivery[]) => ds.map((d) => messageOf(d)?.text);
  const got = textsOf(await repliesUntil(deliveries, chatId, (ds) => texts.every(([, t]) => textsOf(ds).includes(t))));
  for (const [label, text] of texts) {
    ensure(
      got.includes(text),
      `no send_message for chat ${chatId} carries the agent's text "${label}" unchanged as message.text (they carry ${shown(got)})`,
      text,
      got,
    );
  }
}

check(
  {
    id: 'omnichannel.send_message.text-intact',
    title: "the agent's text reaches the client server as message.text with every character intact (non-ASCII, emoji, quotes)",
    // SHOULD: where the text travels (message.text) is the body's reading, omni-send-message-body.
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'omni.send_message.text-characters',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    await agentTextsArrive({ api, driver, deliveries, fresh, token: agentChannel.token }, AGENT_CHARACTER_TEXTS);
  },
);

check(
  {
    id: 'omnichannel.send_message.text-layout',
    title: "the agent's line endings, tabs, markup and surrounding whitespace reach the client server unchanged in message.text",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'omni.send_message.text-layout',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    await agentTextsArrive({ api, driver, deliveries, fresh, token: agentChannel.token }, Object.entries(LAYOUT_TEXTS));
  },
);

check(
  {
    id: 'omnichannel.send_message.file-link',
    title: 'a file link the agent writes reaches the client server unchanged in message.text',
    level: 'SHOULD',
    doc: 'omnichannel',
    section: 'Opportunities to communicate via Omnichannel',
    quote: 'Transferring files as links from the Agent (Attachment slot)Yes',
    rule: 'omni.send_message.file-link',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    driver.require();
    const chatId = await openChat(api, fresh, agentChannel.token);
    const marker = fresh.id('file');
    const link = `https://files.example.com/${fresh.id('f')}/report.pdf?download=1`;
    await agentWrites(driver, chatId, { text: `Your report ${marker} is ready: ${link}` });
    const d = await deliveries.waitFor(replyCarrying(chatId, marker), `the agent's send_message "${marker}" for chat ${chatId}`);
    const text = messageOf(d)?.text;
    ensure(typeof text === 'string' && text.includes(link), `the agent's message carries the text ${shown(text)}, without the link ${shown(link)}`, link, text);
  },
);

check(
  {
    id: 'omnichannel.send_message.buttons',
    title: 'buttons the agent sends reach the client server as a keyboard message: "kind": "keyboard", rows of buttons with an id and their labels',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-send-message-body',
    rule: 'omni.send_message.buttons',
  },
  async ({ api, agentChannel, driver, deliveries, fresh }) => {
    driver.require();
    const chatId = await openChat(api, fresh, agentChannel.token);
    const buttons = [
      [
        { id: fresh.id('yes'), text: `Yes, please ${fresh.id('y')}` },
        { id: fresh.id('no'), text: `No, thanks ${fresh.id('n')}` },
      ],
    ];
    const labels = buttons.flat().map((b) => b.text);
    await agentWrites(driver, chatId, { text: 'Shall I book it for you?', buttons });
    // The message that carries the first label, whatever its kind: the kind is what is judged.
    const d = await deliveries.waitFor(replyCarrying(chatId, labels[0]), `the agent's send_message with the buttons for chat ${chatId}`);
    const message = messageOf(d);
    const rows = message?.buttons;
    const sent = Array.isArray(rows) ? rows.flat().filter(isObject) : [];
    const hasId = (b: Record<string, unknown>) => (typeof b.id === 'string' && b.id !== '') || typeof b.id === 'number';
    const missing = labels.filter((l) => !sent.some((b) => b.text === l && hasId(b)));
    ensure(
      message?.kind === 'keyboard' && Array.isArray(rows) && rows.every(Array.isArray) && missing.length === 0,
      `the agent's buttons were sent as ${shown(message)}, expected {"kind": "keyboard", "buttons": [[{"id", "text"}]]} with the labels ${shown(labels)}`,
      { kind: 'keyboard', buttons },
      message,
    );
  },
);
