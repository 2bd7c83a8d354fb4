/** sendText: the client's message reaches the agent. */
import { check } from '../../fixtures/operator-api.ts';
import { ensureTextAmong } from '../../harness/checks/text-diff.ts';
import { ensure, ensure2xx, describe } from '../../harness/checks/ensure.ts';
import { agentChat, clientTexts, openChat } from './helpers.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS } from '../../fixtures/payloads/texts.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { Fresh } from '../../fixtures/conformance.ts';

check(
  {
    id: 'operator-api.sendText.accepts-valid-request',
    title: 'sendText accepts a message with userId and text with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: 'Method support',
    quote: 'you will need to create a web server that supports',
    rule: 'op.sendText.shape',
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
    doc: 'readings',
    section: 'op-client-content-reaches-agent',
    rule: 'op.sendText.reaches-agent',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const text = fresh.id('question');
    await openChat(api, userId);
    ensure2xx(await api.call('sendText', { body: { userId, text } }), 'sendText');
    const chat = await agentChat(driver, userId);
    ensure(
      clientTexts(chat).includes(text),
      `the agent's chat does not show the client's text ${describe(text)}; it shows ${describe(chat.messages)}`,
      text,
      chat.messages,
    );
  },
);

/** Send each text in its own sendText and judge that each appears, exactly, among the client's messages. */
async function textsReachAgent(api: IutClient, driver: DriverClient, fresh: Fresh, texts: Record<string, string>): Promise<void> {
  driver.require();
  const userId = fresh.id();
  await openChat(api, userId);
  for (const [label, text] of Object.entries(texts)) {
    ensure2xx(await api.call('sendText', { body: { userId, text } }), `sendText with ${label}`);
  }
  const got = clientTexts(await agentChat(driver, userId));
  for (const [label, text] of Object.entries(texts)) {
    ensureTextAmong(
      got.filter((t): t is string => typeof t === 'string'),
      text,
      `the text with ${label} did not reach the agent unchanged`,
    );
  }
}

check(
  {
    id: 'operator-api.sendText.text-intact',
    title: 'non-ASCII, emoji, quotes and a 4 KB text sent by sendText reach the agent character for character',
    level: 'MUST',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'op.sendText.text-characters',
  },
  async ({ api, driver, fresh }) => textsReachAgent(api, driver, fresh, CHARACTER_TEXTS),
);

check(
  {
    id: 'operator-api.sendText.text-layout-intact',
    title: 'line endings, markup and surrounding whitespace sent by sendText reach the agent unchanged',
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'op.sendText.text-layout',
  },
  async ({ api, driver, fresh }) => textsReachAgent(api, driver, fresh, LAYOUT_TEXTS),
);
