/**
 * What the agent receives of each message kind of the document's "Supported message content":
 * a text as is, a file as `file:{file_type}|{file_id}|{file_url}` once its state is ready, a button
 * press as the button's text; and which chat it lands in. Observed through the driver's
 * GET omnichannel/inbox, which is searched, never indexed (docs/readings gen-lists-searched).
 */
import { check } from '../../fixtures/omnichannel.ts';
import { ensure, ensure2xx } from '../../harness/checks/ensure.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import { Receiver } from '../../harness/receiver/receiver.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS, LONG_TEXT } from '../../fixtures/payloads/texts.ts';
import {
  ensureIgnored,
  skipper,
  ensureSame,
  shown,
  buttonEvent,
  fileData,
  fileEvent,
  freshChatId,
  pollInbox,
  postEvent,
  textEvent,
  visitorOf,
  waitForInbox,
  type ChatId,
} from './helpers.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { FileData } from './helpers.ts';

/** Post texts on one fresh chat; fail naming each text that did not reach the agent exactly. */
async function textsReachAgent(
  { api, driver, fresh, token, timeoutMs }: { api: IutClient; driver: DriverClient; fresh: Fresh; token: string; timeoutMs: number },
  texts: Array<readonly [string, string]>,
): Promise<void> {
  driver.require();
  const chatId = freshChatId();
  for (const [, text] of texts) await postEvent(api, token, textEvent(fresh, chatId, text));
  const inbox = await pollInbox(driver, chatId, (i) => texts.every(([, t]) => i.messages.includes(t)), timeoutMs);
  for (const [label, text] of texts) {
    ensure(
      inbox.messages.includes(text),
      `the text "${label}" did not reach the agent unchanged (the agent has ${shown(inbox.messages)})`,
      text,
      inbox.messages,
    );
  }
}

check(
  {
    id: 'omnichannel.visitor.text-intact',
    title: "the agent receives the visitor's text with every character intact (non-ASCII, emoji, quotes, 4 KB, over 1000 characters)",
    level: 'MUST',
    doc: 'readings',
    section: 'omni-visitor-text',
    rule: 'omni.visitor.text-characters',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    const texts = [...Object.entries(CHARACTER_TEXTS), ['a text over 1000 characters', LONG_TEXT] as const];
    await textsReachAgent({ api, driver, fresh, token: agentChannel.token, timeoutMs: run.timeoutMs }, texts);
  },
);

check(
  {
    id: 'omnichannel.visitor.text-layout',
    title: "the agent receives the visitor's line endings, tabs, markup and surrounding whitespace unchanged",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'omni.visitor.text-layout',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    await textsReachAgent({ api, driver, fresh, token: agentChannel.token, timeoutMs: run.timeoutMs }, Object.entries(LAYOUT_TEXTS));
  },
);

check(
  {
    id: 'omnichannel.new_message.one-chat-per-chat-id',
    title: "a visitor's messages reach the agent in the chat of their chat_id: two chat_ids of one visitor are two chats",
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Event type event',
    quote: 'on the basis of which a Chat is created with this Interlocutor in the Platform',
    rule: 'omni.new_message.chat-id',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    // One visitor in two chats: a platform that keys chats by visitor.id merges them.
    const visitor = visitorOf(fresh);
    const [a, b] = [freshChatId(), freshChatId()];
    const sent = [
      { chatId: a, text: `First in chat A ${fresh.id('a')}` },
      { chatId: b, text: `Only in chat B ${fresh.id('b')}` },
      { chatId: a, text: `Second in chat A ${fresh.id('a')}` },
    ];
    for (const s of sent) await postEvent(api, agentChannel.token, textEvent(fresh, s.chatId, s.text, visitor));
    for (const chatId of [a, b]) {
      const own = sent.filter((s) => s.chatId === chatId).map((s) => s.text);
      const other = sent.filter((s) => s.chatId !== chatId).map((s) => s.text);
      const inbox = await waitForInbox(
        driver,
        chatId,
        (i) => own.every((t) => i.messages.includes(t)),
        `every text sent with chat_id ${chatId}`,
        run.timeoutMs,
      );
      const strays = inbox.messages.filter((t) => other.includes(t));
      ensure(strays.length === 0, `the chat of chat_id ${chatId} also holds ${shown(strays)}, sent with the other chat_id`, own, inbox.messages);
    }
  },
);

/**
 * Send one ready file on a fresh chat and return the text the agent received for it: the entry that
 * carries its url, else its id, else the first that looks like a file text (a broken format is judged
 * by the checks, not here).
 */
async function fileText(
  api: IutClient,
  driver: DriverClient,
  fresh: Fresh,
  token: string,
  timeoutMs: number,
  file = fileData(fresh, 'ready'),
): Promise<{ text: string; file: FileData; messageId: string }> {
  const chatId = freshChatId();
  const event = fileEvent(fresh, chatId, file);
  const messageId = (event.message as { id: string }).id;
  await postEvent(api, token, event);
  const find = (messages: string[]) =>
    messages.find((t) => t.includes(file.url)) ??
    messages.find((t) => t.includes(file.id) || t.includes(messageId)) ??
    messages.find((t) => t.startsWith('file:'));
  const inbox = await waitForInbox(driver, chatId, (i) => find(i.messages) !== undefined, `the ready file ${file.id}`, timeoutMs);
  return { text: find(inbox.messages)!, file, messageId };
}

/** The file_type of a `file:{file_type}|...` text: what stands between "file:" and the first "|". */
function fileTypeOf(text: string): string | undefined {
  const m = /^file:([^|]*)\|/.exec(text);
  return m ? m[1] : undefined;
}

check(
  {
    id: 'omnichannel.file_visitor.ignored-until-ready',
    title: 'a file whose state is not ready is answered 2xx and does not reach the agent',
    level: 'MUST',
    doc: 'readings',
    section: 'omni-file-not-ready',
    rule: 'omni.file_visitor.ready',
  },
  async ({ api, agentChannel, driver, deliveries, fresh, run }, info) => {
    // Judged from the inbox, or, without one, from the agent's send_message calls where they decide it.
    const chatId = freshChatId();
    const file = fileData(fresh, 'upload');
    const what = `a file_visitor message with state "${file.state}"`;
    const c = { api, driver, deliveries, fresh, token: agentChannel.token, timeoutMs: run.timeoutMs, skip: skipper(info) };
    await ensureIgnored(
      c,
      chatId,
      fileEvent(fresh, chatId, file),
      what,
      (ms) => ms.filter((t) => t.includes(file.id) || t.includes(file.url)),
      (res) => ensure2xx(res, what),
    );
  },
);

check(
  {
    id: 'omnichannel.file_visitor.delivered-as-file-text',
    title: 'a ready file reaches the agent as the text file:{file_type}|{file_id}|{file_url}, file_id being data.id or message.id and file_url data.url',
    level: 'MUST',
    doc: 'readings',
    section: 'omni-file-id',
    rule: 'omni.file_visitor.data',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const { text, file, messageId } = await fileText(api, driver, fresh, agentChannel.token, run.timeoutMs);
    // The file_type has checks of its own; here the frame, the id (either of the two) and the url.
    const type = fileTypeOf(text);
    const accepted = [file.id, messageId].map((id) => `file:${type}|${id}|${file.url}`);
    const expected = `file:{file_type}|${file.id} or ${messageId}|${file.url}`;
    ensure(
      type !== undefined && accepted.includes(text),
      `the text the agent received for the file is ${shown(text)}, expected ${shown(expected)}`,
      expected,
      text,
    );
  },
);

check(
  {
    id: 'omnichannel.file_visitor.type-non-empty',
    title: 'the file_type in the file text the agent receives is not empty',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-file-type',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const { text } = await fileText(api, driver, fresh, agentChannel.token, run.timeoutMs);
    const type = fileTypeOf(text);
    ensure(
      type !== undefined && type !== '',
      `the file text the agent received, ${shown(text)}, has no file_type after "file:"`,
      'a non-empty file_type',
      text,
    );
  },
);

check(
  {
    id: 'omnichannel.file_visitor.type-is-content-type',
    title: "the file_type in the file text the agent receives is the file's content_type",
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-file-type',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const { text, file } = await fileText(api, driver, fresh, agentChannel.token, run.timeoutMs);
    ensureSame(fileTypeOf(text), file.content_type, `the file_type of ${shown(text)}`);
  },
);

check(
  {
    id: 'omnichannel.file_visitor.not-downloaded',
    title: 'the platform does not fetch a ready file from its data.url',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-file-not-downloaded',
  },
  async ({ api, agentChannel, driver, receiver, redactor, deliveries, fresh, run }) => {
    // The file's url is the receiver's: any request to it (GET, HEAD or other) is the platform fetching it.
    const secret = Receiver.secret();
    redactor.add(secret, '$FILE_URL_SECRET');
    const path = `/files/${secret}/invoice.pdf`;
    const url = receiver.endpoint('file_not_to_download', path, { methods: ['GET', 'HEAD'], answer: { status: 200, body: '%PDF-1.4 conformance test file' } });
    const file: FileData = { ...fileData(fresh, 'ready'), url };
    const chatId: ChatId = freshChatId();
    // Its answer is judged by the inbound checks; here only what the platform does with the url.
    await postEvent(api, agentChannel.token, fileEvent(fresh, chatId, file));
    // With a driver, watch from the moment the platform processed the file (its text reached the agent).
    if (driver.available) await pollInbox(driver, chatId, (i) => i.messages.some((t) => t.includes(file.url) || t.includes(file.id)), run.timeoutMs);
    await deliveries.none(
      (d) => d.path === path,
      quietWindowMs(run.timeoutMs),
      'the platform fetched the file from its data.url ("The Agent itself does not download the file")',
    );
  },
);

check(
  {
    id: 'omnichannel.keyboard_response.delivered-as-button-text',
    title: "a button press reaches the agent as the button's text",
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Opportunities to communicate via Omnichannel',
    quote: 'Clicking the button comes as button label text.',
    rule: 'omni.keyboard_response.button',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const chatId = freshChatId();
    const button = { id: fresh.id('btn'), text: `Yes, please ${fresh.id('label')}` };
    await postEvent(api, agentChannel.token, buttonEvent(fresh, chatId, button));
    // Whatever the agent received for the press (its text, its id, something else) ends the wait.
    const inbox = await pollInbox(driver, chatId, (i) => i.messages.some((t) => t.includes(button.text) || t.includes(button.id)), run.timeoutMs);
    ensure(
      inbox.messages.includes(button.text),
      `the agent did not receive the button's text ${shown(button.text)} for the press (it has ${shown(inbox.messages)})`,
      button.text,
      inbox.messages,
    );
  },
);
