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
import { ensure, ensureEqual, describe, isObject } from '../../harness/checks/ensure.ts';
import { carrying, eventOf, freshChatId, postedText, visitorDoes, visitorOf } from './helpers.ts';

const STRUCTURE = 'General request structure';

check(
  {
    id: 'omnichannel-client.new_message.posted-to-inbound-url',
    title: "a visitor's message is posted to {platform}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook",
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Endpoint for receiving requests by the agent channel',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    // A post to any other path fails the wait at once ("sent to …, not the URL the suite gave the IUT").
    const { d } = await postedText(driver, deliveries, fresh);
    ensureEqual(d.path, platform.inboundPath, 'the path the new_message was posted to');
  },
);

check(
  {
    id: 'omnichannel-client.new_message.post-json',
    title: 'a new_message is a POST with Content-Type application/json and a JSON object body',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Communication: Supported protocol and method (POST with content-type JSON)',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d } = await postedText(driver, deliveries, fresh);
    ensureEqual(d.method, 'POST', 'the HTTP method of the new_message');
    ensure(/^application\/json\b/i.test(d.contentType), `the new_message was posted with Content-Type ${describe(d.contentType)}, expected application/json`, 'application/json', d.contentType);
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
    section: 'Event type event (new_message)',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d } = await postedText(driver, deliveries, fresh);
    ensureEqual(eventOf(d)?.event, 'new_message', 'the event of the posted body');
  },
);

check(
  {
    id: 'omnichannel-client.new_message.chat-id-kept',
    title: "each posted message carries the chat_id of its own chat, message after message",
    level: 'MUST',
    doc: 'omnichannel',
    section: `${STRUCTURE} (chat_id: identifier of the chat on the client server)`,
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
        `the message written in chat ${s.chatId} was posted with chat_id ${describe(got)}`,
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
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: chat_id is documented as an integer; a string is also accepted',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d, chatId } = await postedText(driver, deliveries, fresh);
    const got = eventOf(d)?.chat_id;
    // Its value is chat-id-kept's business; here only its JSON type.
    ensure(typeof got === 'number' && Number.isInteger(got), `chat_id was posted as ${describe(got)} (${Array.isArray(got) ? 'array' : typeof got}), expected the integer ${chatId}`, chatId, got);
  },
);

check(
  {
    id: 'omnichannel-client.new_message.visitor-id',
    title: 'visitor.id identifies the visitor: the same for each message of one visitor, different for another visitor',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Visitor object (id: pseudo unique identifier of the Interlocutor assigned by the client-server)',
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
    ensure(typeof first === 'string' && first !== '', `visitor.id of the posted body is ${describe(first)}, expected a non-empty string`, 'a string', first);
    ensure(second === first, `two messages of the same visitor were posted with visitor.id ${describe(first)} and ${describe(second)}`, first, second);
    ensure(other !== first, `two different visitors were both posted with visitor.id ${describe(first)}`, `an id other than ${describe(first)}`, other);
  },
);

check(
  {
    id: 'omnichannel-client.new_message.visitor-fields',
    title: "the visitor's name, login, phone, email and site are passed on in visitor.fields",
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: channel variables given to the agent come from visitor.fields (name, login, phone, email, site)',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d, visitor } = await postedText(driver, deliveries, fresh);
    const v = eventOf(d)?.visitor;
    const fields = isObject(v) && isObject(v.fields) ? v.fields : {};
    const wrong = Object.entries(visitor.fields).filter(([k, value]) => fields[k] !== value);
    ensure(
      wrong.length === 0,
      `visitor.fields of the posted body ${wrong.map(([k]) => `${k} is ${describe(fields[k])}`).join(', ')}; expected the visitor's own values`,
      visitor.fields,
      fields,
    );
  },
);
