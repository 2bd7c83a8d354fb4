/**
 * The channel variables the agent is given (the document's "Mapping channel variables from a
 * client-server channel" and, for channel_chat_id, "Opportunities to communicate via Omnichannel"),
 * observed through the driver's GET omnichannel/inbox. One check per variable: each row is one rule.
 * channel_conversation_id (mapped to chat.id, which no request carries) and channel_visitor_lastname
 * (mapped to nothing) are not checked (assumptions.md).
 */
import { check } from '../../fixtures/omnichannel.ts';
import { ensureEqual } from '../../harness/checks/ensure.ts';
import { freshChatId, postEvent, textEvent, visitorOf, waitForInbox } from './helpers.ts';

type Visitor = ReturnType<typeof visitorOf>;

const MAPPING: Array<{ variable: string; from: string; value: (v: Visitor, chatId: number) => string; section: string }> = [
  { variable: 'channel_visitor_id', from: 'visitor.id', value: (v) => v.id, section: 'Channel service messages: Mapping channel variables' },
  { variable: 'channel_visitor_firstname', from: 'visitor.fields.name', value: (v) => v.fields.name, section: 'Channel service messages: Mapping channel variables' },
  { variable: 'channel_visitor_account', from: 'visitor.fields.login', value: (v) => v.fields.login, section: 'Channel service messages: Mapping channel variables' },
  { variable: 'channel_visitor_phone', from: 'visitor.fields.phone', value: (v) => v.fields.phone, section: 'Channel service messages: Mapping channel variables' },
  { variable: 'channel_visitor_email', from: 'visitor.fields.email', value: (v) => v.fields.email, section: 'Channel service messages: Mapping channel variables' },
  { variable: 'channel_visitor_source', from: 'visitor.fields.site', value: (v) => v.fields.site, section: 'Channel service messages: Mapping channel variables' },
  { variable: 'channel_chat_id', from: 'chat_id', value: (_v, chatId) => `${chatId}|omnichannel`, section: 'Channel service messages: Opportunities (channel_chat_id)' },
];

for (const m of MAPPING) {
  check(
    {
      id: `omnichannel.variables.${m.variable.replace(/_/g, '-')}`,
      title: m.variable === 'channel_chat_id' ? 'the agent is given channel_chat_id as "{chat_id}|omnichannel"' : `the agent is given ${m.variable} from ${m.from}`,
      level: 'MUST',
      doc: 'omnichannel',
      section: m.section,
    },
    async ({ api, agentChannel, driver, fresh, run }) => {
      driver.require();
      const chatId = freshChatId();
      const visitor = visitorOf(fresh);
      const text = fresh.id('hello');
      await postEvent(api, agentChannel.token, textEvent(fresh, chatId, text, visitor));
      const inbox = await waitForInbox(driver, chatId, (i) => i.messages.includes(text), `the text message "${text}"`, run.timeoutMs);
      ensureEqual(inbox.variables[m.variable], m.value(visitor, chatId), `the channel variable ${m.variable}`);
    },
  );
}
