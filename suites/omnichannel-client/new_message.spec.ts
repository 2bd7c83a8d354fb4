/**
 * What the client channel server posts to the platform when a visitor writes: the document's
 * "Requests from the client channel/server to the Agent on the Platform" — HTTPS, POST with content
 * type JSON, to the App.Chatbots Webhook URL, in the "General request structure":
 * `{"event": "new_message", "chat_id", "visitor": {"id", "fields"}, "message"}`.
 *
 * A visitor is made to write through the driver (POST client/visitor-message); the suite, playing the
 * platform, receives the post at `{platform}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`.
 * The rules of each message kind are in visitor / file_visitor / keyboard_response.spec.ts. Every
 * check lists the `platform` fixture: it tells the IUT, once per worker, where the platform is.
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import { ensure, isObject } from '../../harness/checks/ensure.ts';
import { ensureSame, shown, carrying, eventOf, freshChatId, postedText, visitorDoes, visitorOf } from './helpers.ts';

const STRUCTURE = 'General request structure';

check(
  {
    id: 'omnichannel-client.new_message.posted-to-inbound-url',
    title: "a visitor's message is posted to {platform}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook",
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Communication',
    quote: 'https://{server_adress}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook',
    rule: 'omni.new_message.inbound-url',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    // A post to any other path fails the wait at once ("sent to …, not the URL the suite gave the IUT").
    const { d } = await postedText(driver, deliveries, fresh);
    ensureSame(d.path, platform.inboundPath, 'the path the new_message was posted to');
  },
);

check(
  {
    id: 'omnichannel-client.new_message.post-json',
    title: 'a new_message is a POST with Content-Type application/json and a JSON object body',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Communication',
    quote: 'HTTPS, POST with content-type JSON',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d } = await postedText(driver, deliveries, fresh);
    ensureSame(d.method, 'POST', 'the HTTP method of the new_message');
    ensure(
      /^application\/json\b/i.test(d.contentType),
      `the new_message was posted with Content-Type ${shown(d.contentType)}, expected application/json`,
      'application/json',
      d.contentType,
    );
    const body = d.json;
    ensure(
      d.isJson && isObject(body),
      `the new_message body is ${Array.isArray(body) ? 'a JSON array' : d.isJson ? `the JSON ${typeof body}` : 'not JSON'}, expected one JSON object`,
      'a JSON object',
      d.rawBody.slice(0, 200),
    );
  },
);

check(
  {
    id: 'omnichannel-client.new_message.event-new-message',
    title: 'the event of a visitor\'s message is "new_message"',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Event type event',
    quote: 'new_message is an event that is transmitted to the Agent by the client channel/server and contains a message from the Interlocutor.',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d } = await postedText(driver, deliveries, fresh);
    ensureSame(eventOf(d)?.event, 'new_message', 'the event of the posted body');
  },
);

check(
  {
    id: 'omnichannel-client.new_message.chat-id-kept',
    title: 'each posted message carries the chat_id of its own chat, message after message',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Event type event',
    quote: 'chat_id — identifier of the chat/dialogue/interlocutor on the client server',
    rule: 'omni.new_message.chat-id',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const chats = [
      { chatId: freshChatId(), visitor: visitorOf(fresh) },
      { chatId: freshChatId(), visitor: visitorOf(fresh) },
    ];
    // Interleaved: A, B, A. Each message is found by its own marker, whatever its chat_id says.
    const sent = [chats[0], chats[1], chats[0]].map((c) => ({ ...c, marker: fresh.id('m') }));
    for (const s of sent) await visitorDoes(driver, { chatId: s.chatId, visitor: s.visitor, kind: 'visitor', text: `Message ${s.marker}` });
    for (const s of sent) {
      const d = await deliveries.waitFor(carrying(s.marker), `the new_message "Message ${s.marker}" of chat ${s.chatId}`);
      const got = eventOf(d)?.chat_id;
      ensure(
        (typeof got === 'number' || typeof got === 'string') && String(got) === String(s.chatId),
        `the message written in chat ${s.chatId} was posted with chat_id ${shown(got)}`,
        s.chatId,
        got,
      );
    }
  },
);

check(
  {
    id: 'omnichannel-client.new_message.chat-id-integer',
    title: 'chat_id is posted as a JSON integer, as the document types it',
    // SHOULD: the platform accepts a string too (docs/readings omni-chat-id-string).
    level: 'SHOULD',
    doc: 'omnichannel',
    section: STRUCTURE,
    quote: '"chat_id": (integer),',
    rule: 'omni.new_message.chat-id-type',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d, chatId } = await postedText(driver, deliveries, fresh);
    const got = eventOf(d)?.chat_id;
    // Its value is chat-id-kept's business; here only its JSON type.
    ensure(
      typeof got === 'number' && Number.isInteger(got),
      `chat_id was posted as ${shown(got)} (${Array.isArray(got) ? 'array' : typeof got}), expected the integer ${chatId}`,
      chatId,
      got,
    );
  },
);

check(
  {
    id: 'omnichannel-client.new_message.visitor-id',
    title: 'visitor.id identifies the visitor: the same for each message of one visitor, different for another visitor',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Visitor object',
    quote: 'pseudo unique identifier of the Interlocutor assigned by the client-server',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    // The identifier is the client server's to assign: the driver's visitor id need not be it.
    const anna = { chatId: freshChatId(), visitor: visitorOf(fresh) };
    const boris = { chatId: freshChatId(), visitor: visitorOf(fresh) };
    const sent = [anna, anna, boris].map((c) => ({ ...c, marker: fresh.id('m') }));
    for (const s of sent) await visitorDoes(driver, { chatId: s.chatId, visitor: s.visitor, kind: 'visitor', text: `Message ${s.marker}` });
    const ids: unknown[] = [];
    for (const s of sent) {
      const d = await deliveries.waitFor(carrying(s.marker), `the new_message "Message ${s.marker}" of chat ${s.chatId}`);
      const v = eventOf(d)?.visitor;
      ids.push(isObject(v) ? v.id : undefined);
    }
    const [first, second, other] = ids;
    ensure(typeof first === 'string' && first !== '', `visitor.id of the posted body is ${shown(first)}, expected a non-empty string`, 'a string', first);
    ensure(second === first, `two messages of the same visitor were posted with visitor.id ${shown(first)} and ${shown(second)}`, first, second);
    ensure(other !== first, `two different visitors were both posted with visitor.id ${shown(first)}`, `an id other than ${shown(first)}`, other);
  },
);

check(
  {
    id: 'omnichannel-client.new_message.visitor-fields',
    title: "the visitor's name, login, phone, email and site are passed on in visitor.fields",
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-visitor-fields',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d, visitor } = await postedText(driver, deliveries, fresh);
    const v = eventOf(d)?.visitor;
    const fields = isObject(v) && isObject(v.fields) ? v.fields : {};
    const wrong = Object.entries(visitor.fields).filter(([k, value]) => fields[k] !== value);
    ensure(
      wrong.length === 0,
      `visitor.fields of the posted body ${wrong.map(([k]) => `${k} is ${shown(fields[k])}`).join(', ')}; expected the visitor's own values`,
      visitor.fields,
      fields,
    );
  },
);

check(
  {
    id: 'omnichannel-client.new_message.message-id-distinct',
    title: 'each posted message carries a message.id of its own: two messages of one chat have different ids',
    // SHOULD: the page calls it an identifier but does not say unique.
    level: 'SHOULD',
    doc: 'omnichannel',
    section: 'Message object',
    quote: '"id": (string — client server side message identifier),',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const chatId = freshChatId();
    const visitor = visitorOf(fresh);
    const sent = [fresh.id('m'), fresh.id('m')];
    for (const marker of sent) await visitorDoes(driver, { chatId, visitor, kind: 'visitor', text: `Message ${marker}` });
    const ids: unknown[] = [];
    for (const marker of sent) {
      const d = await deliveries.waitFor(carrying(marker), `the new_message "Message ${marker}" of chat ${chatId}`);
      const m = eventOf(d)?.message;
      ids.push(isObject(m) ? m.id : undefined);
    }
    ensure(
      ids.every((id) => typeof id === 'string' && id !== '') && ids[0] !== ids[1],
      `two messages of chat ${chatId} were posted with message.id ${shown(ids[0])} and ${shown(ids[1])}, expected two different non-empty strings`,
      'two different ids',
      ids,
    );
  },
);
