/**
 * A visitor's text message, as the document's "Supported message content: Text" gives it:
 * `"message": {"id", "kind": "visitor", "text": <the interlocutor's message text>}`.
 * Its characters are MUST (docs/readings gen-text-characters); line endings, markup and surrounding
 * whitespace SHOULD (gen-text-layout).
 * (Each check lists the `platform` fixture, which tells the IUT where the platform is.)
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import { ensure, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS, LONG_TEXT } from '../../fixtures/payloads/texts.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { shown, about, eventOf, freshChatId, messageOf, postedText, visitorDoes, visitorOf } from './helpers.ts';

check(
  {
    id: 'omnichannel-client.visitor.matches-schema',
    title: 'a visitor\'s text is posted as a valid new_message whose message has an id, kind "visitor" and the text',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Supported message content',
    quote: '"kind": "visitor",',
    // The other side: the platform refuses an event without chat_id or message (omnichannel.inbound.missing-*).
    rule: 'omni.new_message.required',
  },
  async ({ driver, deliveries, fresh, platform, validators, coverage }) => {
    driver.require();
    // A visitor who gave only some of the fields: the others may be absent or null (gen-null-absent).
    const visitor = visitorOf(fresh);
    const partial = { id: visitor.id, fields: { name: visitor.fields.name, email: visitor.fields.email } };
    const { d } = await postedText(driver, deliveries, fresh, { visitor: partial });
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

/** A visitor writes each text in one chat; fail naming each text that was not posted unchanged. */
async function textsPosted(
  { driver, deliveries, fresh }: { driver: DriverClient; deliveries: DeliveryWatcher; fresh: Fresh },
  texts: Array<readonly [string, string]>,
): Promise<void> {
  driver.require();
  const chatId = freshChatId();
  const visitor = visitorOf(fresh);
  for (const [, text] of texts) await visitorDoes(driver, { chatId, visitor, kind: 'visitor', text });
  // Counted by distinct text, so that a repeated post is not mistaken for the next message.
  const got = await deliveries.waitForCount(about(chatId, visitor.id), texts.length, `new_message posts of chat ${chatId}`, (d) => messageOf(d)?.text ?? d.seq);
  const posted = got.map((d) => messageOf(d)?.text);
  for (const [label, text] of texts) {
    ensure(posted.includes(text), `the text "${label}" was not posted unchanged (posted texts: ${shown(posted)})`, text, posted);
  }
}

check(
  {
    id: 'omnichannel-client.visitor.text-intact',
    title: "the visitor's text is posted with every character intact (non-ASCII, emoji, quotes, 4 KB, over 1000 characters)",
    level: 'MUST',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'omni.visitor.text-characters',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    await textsPosted({ driver, deliveries, fresh }, [...Object.entries(CHARACTER_TEXTS), ['a text over 1000 characters', LONG_TEXT] as const]);
  },
);

check(
  {
    id: 'omnichannel-client.visitor.text-layout',
    title: "the visitor's line endings, tabs, markup and surrounding whitespace are posted unchanged",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'omni.visitor.text-layout',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    await textsPosted({ driver, deliveries, fresh }, Object.entries(LAYOUT_TEXTS));
  },
);
