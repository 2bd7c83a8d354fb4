/**
 * The channel variables the agent is given (the document's "Mapping channel variables from a
 * client-server channel" and, for channel_chat_id, "Opportunities to communicate via Omnichannel"),
 * observed through the driver's GET omnichannel/inbox. One check per variable: each row is one rule.
 * channel_conversation_id (mapped to chat.id, which no request carries) and channel_visitor_lastname
 * (mapped to nothing) are not checked (docs/readings omni-variables). The quotes are the table rows
 * as the page's text gives them, the two cells run together.
 */
import { check } from '../../fixtures/omnichannel.ts';

import { ensureSame, freshChatId, postEvent, textEvent, visitorOf, waitForInbox } from './helpers.ts';

type Visitor = ReturnType<typeof visitorOf>;

const MAPPING_SECTION = 'Mapping channel variables from a client-server channel';
const OPPORTUNITIES = 'Opportunities to communicate via Omnichannel';

const MAPPING: Array<{ variable: string; from: string; value: (v: Visitor, chatId: number) => string; section: string; quote: string }> = [
  { variable: 'channel_visitor_id', from: 'visitor.id', value: (v) => v.id, section: MAPPING_SECTION, quote: 'channel_visitor_idvisitor.id' },
  {
    variable: 'channel_visitor_firstname',
    from: 'visitor.fields.name',
    value: (v) => v.fields.name,
    section: MAPPING_SECTION,
    quote: 'channel_visitor_firstnamevisitor.fields.name',
  },
  {
    variable: 'channel_visitor_account',
    from: 'visitor.fields.login',
    value: (v) => v.fields.login,
    section: MAPPING_SECTION,
    quote: 'channel_visitor_accountvisitor.fields.login',
  },
  {
    variable: 'channel_visitor_phone',
    from: 'visitor.fields.phone',
    value: (v) => v.fields.phone,
    section: MAPPING_SECTION,
    quote: 'channel_visitor_phonevisitor.fields.phone',
  },
  {
    variable: 'channel_visitor_email',
    from: 'visitor.fields.email',
    value: (v) => v.fields.email,
    section: MAPPING_SECTION,
    quote: 'channel_visitor_emailvisitor.fields.email',
  },
  {
    variable: 'channel_visitor_source',
    from: 'visitor.fields.site',
    value: (v) => v.fields.site,
    section: MAPPING_SECTION,
    quote: 'channel_visitor_sourcevisitor.fields.site',
  },
  {
    variable: 'channel_chat_id',
    from: 'chat_id',
    value: (_v, chatId) => `${chatId}|omnichannel`,
    section: OPPORTUNITIES,
    quote: 'channel_chat_idYes<client chat_id>|omnichannel',
  },
];

for (const m of MAPPING) {
  check(
    {
      id: `omnichannel.variables.${m.variable.replace(/_/g, '-')}`,
      title:
        m.variable === 'channel_chat_id' ? 'the agent is given channel_chat_id as "{chat_id}|omnichannel"' : `the agent is given ${m.variable} from ${m.from}`,
      level: 'MUST',
      doc: 'omnichannel',
      section: m.section,
      quote: m.quote,
    },
    async ({ api, agentChannel, driver, fresh, run }) => {
      driver.require();
      const chatId = freshChatId();
      const visitor = visitorOf(fresh);
      const text = fresh.id('hello');
      await postEvent(api, agentChannel.token, textEvent(fresh, chatId, text, visitor));
      const inbox = await waitForInbox(driver, chatId, (i) => i.messages.includes(text), `the text message "${text}"`, run.timeoutMs);
      ensureSame(inbox.variables[m.variable], m.value(visitor, chatId), `the channel variable ${m.variable}`);
    },
  );
}
