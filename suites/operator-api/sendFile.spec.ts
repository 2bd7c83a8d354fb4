/** sendFile: the client's file link reaches the agent. */
import { check } from '../../fixtures/operator-api.ts';
import { ensure, ensure2xx, describe } from '../../harness/checks/ensure.ts';
import { agentChat, openChat } from './helpers.ts';

check(
  {
    id: 'operator-api.sendFile.accepts-all-fields',
    title: 'sendFile accepts a file with userId, url, fileName and size with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /sendFile',
    quote: 'The client sent a file to the chat with the agent.',
    rule: 'op.sendFile.shape',
  },
  async ({ api, fresh }) => {
    const userId = fresh.id();
    await openChat(api, userId);
    const res = await api.call('sendFile', { body: { userId, url: 'https://files.example.test/invoice.pdf', fileName: 'invoice.pdf', size: 48213 } });
    ensure2xx(res, 'sendFile with fileName and size');
  },
);

check(
  {
    id: 'operator-api.sendFile.accepts-without-optional-fields',
    title: 'sendFile accepts a file without fileName and size (both optional) with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /sendFile',
    quote: 'fileName | string | No | Name of the file to be downloaded.',
  },
  async ({ api, fresh }) => {
    const userId = fresh.id();
    await openChat(api, userId);
    ensure2xx(await api.call('sendFile', { body: { userId, url: 'https://files.example.test/photo.jpg' } }), 'sendFile without fileName and size');
  },
);

check(
  {
    id: 'operator-api.sendFile.url-reaches-agent',
    title: 'the url of sendFile appears in the chat the agent sees',
    level: 'MUST',
    doc: 'readings',
    section: 'op-client-content-reaches-agent',
    rule: 'op.sendFile.file-link',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const url = `https://files.example.test/${fresh.id('file')}.png?sig=a%20b&x=1`;
    await openChat(api, userId);
    ensure2xx(await api.call('sendFile', { body: { userId, url, fileName: 'shot.png', size: 10 } }), 'sendFile');
    const chat = await agentChat(driver, userId);
    // The driver shows the link as a message's url, or inside its text.
    ensure(
      chat.messages.some((m) => m.from === 'client' && (m.url === url || (typeof m.text === 'string' && m.text.includes(url)))),
      `the agent's chat does not show the file url ${describe(url)}; it shows ${describe(chat.messages)}`,
      url,
      chat.messages,
    );
  },
);
