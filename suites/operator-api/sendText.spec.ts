/** sendText: the client's message reaches the agent. */
import { check } from '../../fixtures/operator-api.ts';
import { ensure, ensure2xx, describe } from '../../harness/checks/ensure.ts';
import { agentChat, openChat } from './helpers.ts';
import { TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';

check(
  {
    id: 'operator-api.sendText.accepts-valid-request',
    title: 'sendText accepts a valid message',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /sendText',
  },
  async ({ api, fresh }) => {
    const userId = fresh.id();
    await openChat(api, userId);
    ensure2xx(await api.call('sendText', { body: { userId, text: 'Hello, I need help' } }), 'sendText');
  },
);

check(
  {
    id: 'operator-api.sendText.reaches-agent',
    title: 'the text of sendText appears in the chat the agent sees',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /sendText',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const text = fresh.id('question');
    await openChat(api, userId);
    ensure2xx(await api.call('sendText', { body: { userId, text } }), 'sendText');
    const chat = await agentChat(driver, userId);
    ensure(
      chat.messages.some((m) => m.from === 'client' && m.text === text),
      `the agent's chat does not show the client's text ${describe(text)}; it shows ${describe(chat.messages)}`,
      text,
      chat.messages,
    );
  },
);

check(
  {
    id: 'operator-api.sendText.text-intact',
    title: 'non-ASCII, emoji, quotes, newlines and a 4 KB text reach the agent unchanged',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /sendText',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    for (const [label, text] of Object.entries(TRICKY_TEXTS)) {
      ensure2xx(await api.call('sendText', { body: { userId, text } }), `sendText with ${label}`);
    }
    const chat = await agentChat(driver, userId);
    for (const [label, text] of Object.entries(TRICKY_TEXTS)) {
      ensure(
        chat.messages.some((m) => m.from === 'client' && m.text === text),
        `the text with ${label} did not reach the agent unchanged`,
        text,
        chat.messages.filter((m) => m.from === 'client').map((m) => m.text),
      );
    }
  },
);
