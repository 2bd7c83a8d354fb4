/**
 * A visitor's text message, as the document's "Supported message content: Text" gives it:
 * `"message": {"id", "kind": "visitor", "text": <the interlocutor's message text>}`.
 * (Each check lists the `platform` fixture, which tells the IUT where the platform is.)
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import { ensure, ensureNoSchemaErrors, describe } from '../../harness/checks/ensure.ts';
import { LONG_TEXT, TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';
import { about, eventOf, freshChatId, messageOf, postedText, visitorDoes, visitorOf } from './helpers.ts';

check(
  {
    id: 'omnichannel-client.visitor.matches-schema',
    title: 'a visitor\'s text is posted as a valid new_message whose message has an id, kind "visitor" and the text',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'General request structure; Supported message content: Text',
  },
  async ({ driver, deliveries, fresh, platform, validators, coverage }) => {
    driver.require();
    const { d } = await postedText(driver, deliveries, fresh);
    coverage.operations.push(['postInboundEvent', d.status]);
    const body = eventOf(d);
    // The message's own schema first: its errors say more than the union's of InboundRequest.
    const errors = [
      ...validators.validate('VisitorTextMessage', body?.message, 'new_message body message'),
      ...validators.validate('InboundRequest', body, 'new_message body'),
    ];
    deliveries.annotate(d, errors);
    ensureNoSchemaErrors(errors, 'the posted new_message');
  },
);

check(
  {
    id: 'omnichannel-client.visitor.text-intact',
    title: "the visitor's text is posted exactly (non-ASCII, emoji, quotes, markup, over 1000 characters)",
    level: 'MUST',
    doc: 'omnichannel',
    section: "Supported message content: Text (text: interlocutor's message text)",
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const chatId = freshChatId();
    const visitor = visitorOf(fresh);
    const texts = [...Object.entries(TRICKY_TEXTS), ['a text over 1000 characters', LONG_TEXT] as const];
    for (const [, text] of texts) await visitorDoes(driver, { chatId, visitor, kind: 'visitor', text });
    // Counted by distinct text, so that a repeated post is not mistaken for the next message.
    const got = await deliveries.waitForCount(about(chatId, visitor.id), texts.length, `new_message posts of chat ${chatId}`, (d) => messageOf(d)?.text ?? d.seq);
    const posted = got.map((d) => messageOf(d)?.text);
    for (const [label, text] of texts) {
      ensure(posted.includes(text), `the text "${label}" was not posted unchanged (posted texts: ${describe(posted)})`, text, posted);
    }
  },
);
