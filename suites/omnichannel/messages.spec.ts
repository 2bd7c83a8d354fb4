/**
 * What the agent receives of each message kind of the document's "Supported message content":
 * a text as is, a file as `file:{file_type}|{file_id}|{file_url}` once its state is ready, a button
 * press as the button's text. Observed through the driver's GET omnichannel/inbox (interface.md).
 */
import { check } from '../../fixtures/omnichannel.ts';
import { ensure, ensureEqual, ensureStatus, describe } from '../../harness/checks/ensure.ts';
import { LONG_TEXT, TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';
import { buttonEvent, fileData, fileEvent, freshChatId, inboxAfterMarker, postEvent, textEvent, waitForInbox } from './helpers.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { FileData } from './helpers.ts';

check(
  {
    id: 'omnichannel.visitor.text-intact',
    title: "the agent receives the visitor's text exactly (non-ASCII, emoji, quotes, over 1000 characters)",
    level: 'MUST',
    doc: 'assumptions',
    section: 'Omnichannel: visitor: the agent receives message.text exactly, Unicode intact',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const chatId = freshChatId();
    const texts = [...Object.entries(TRICKY_TEXTS), ['a text over 1000 characters', LONG_TEXT] as const];
    for (const [, text] of texts) await postEvent(api, agentChannel.token, textEvent(fresh, chatId, text));
    const inbox = await waitForInbox(driver, chatId, (i) => i.messages.length >= texts.length, `all ${texts.length} texts`, run.timeoutMs);
    for (const [label, text] of texts) {
      ensure(inbox.messages.includes(text), `the text "${label}" did not reach the agent unchanged`, text, inbox.messages);
    }
  },
);

/** Send one ready file on a fresh chat and return the one text the agent received for it. */
async function fileText(api: IutClient, driver: DriverClient, fresh: Fresh, token: string, timeoutMs: number): Promise<{ text: string; file: FileData }> {
  const chatId = freshChatId();
  const file = fileData(fresh, 'ready');
  await postEvent(api, token, fileEvent(fresh, chatId, file));
  const inbox = await waitForInbox(driver, chatId, (i) => i.messages.length > 0, `the ready file ${file.id}`, timeoutMs);
  return { text: inbox.messages[0], file };
}

/** The file_type of a `file:{file_type}|...` text: what stands between "file:" and the first "|". */
function fileTypeOf(text: string): string | undefined {
  const m = /^file:([^|]*)\|/.exec(text);
  return m ? m[1] : undefined;
}

check(
  {
    id: 'omnichannel.file_visitor.ignored-until-ready',
    title: 'a file whose state is not ready is answered 200 and does not reach the agent',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Supported message content: File ("the event will only be processed when state == ready")',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const chatId = freshChatId();
    const file = fileData(fresh, 'upload');
    ensureStatus(await postEvent(api, agentChannel.token, fileEvent(fresh, chatId, file)), 200, `a file_visitor message with state "${file.state}"`);
    const inbox = await inboxAfterMarker(api, driver, fresh, agentChannel.token, chatId, run.timeoutMs);
    const leaked = inbox.messages.filter((t) => t.includes(file.id) || t.includes(file.url));
    ensure(leaked.length === 0, `a file with state "${file.state}" reached the agent: ${describe(leaked)}`, 'nothing', leaked);
  },
);

check(
  {
    id: 'omnichannel.file_visitor.delivered-as-file-text',
    title: 'a ready file reaches the agent as the text file:{file_type}|{file_id}|{file_url}',
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Supported message content: File (file:{file_type}|{file_id}|{file_url})',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const { text, file } = await fileText(api, driver, fresh, agentChannel.token, run.timeoutMs);
    // The file_type itself has checks of its own; here only the frame, the id and the url.
    const expected = `file:{file_type}|${file.id}|${file.url}`;
    const type = fileTypeOf(text);
    ensure(type !== undefined && text === `file:${type}|${file.id}|${file.url}`, `the text the agent received for the file is ${describe(text)}, expected ${describe(expected)}`, expected, text);
  },
);

check(
  {
    id: 'omnichannel.file_visitor.type-non-empty',
    title: 'the file_type in the file text the agent receives is not empty',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Omnichannel: file_visitor: file_type is non-empty',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const { text } = await fileText(api, driver, fresh, agentChannel.token, run.timeoutMs);
    const type = fileTypeOf(text);
    ensure(type !== undefined && type !== '', `the file text the agent received, ${describe(text)}, has no file_type after "file:"`, 'a non-empty file_type', text);
  },
);

check(
  {
    id: 'omnichannel.file_visitor.type-is-content-type',
    title: "the file_type in the file text the agent receives is the file's content_type",
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Omnichannel: file_visitor: file_type SHOULD be data.content_type',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const { text, file } = await fileText(api, driver, fresh, agentChannel.token, run.timeoutMs);
    ensureEqual(fileTypeOf(text), file.content_type, `the file_type of ${describe(text)}`);
  },
);

check(
  {
    id: 'omnichannel.keyboard_response.delivered-as-button-text',
    title: "a button press reaches the agent as the button's text",
    level: 'MUST',
    doc: 'omnichannel',
    section: 'Channel service messages: Buttons ("Clicking the button comes as button label text")',
  },
  async ({ api, agentChannel, driver, fresh, run }) => {
    driver.require();
    const chatId = freshChatId();
    const button = { id: fresh.id('btn'), text: `Yes, please ${fresh.id('label')}` };
    await postEvent(api, agentChannel.token, buttonEvent(fresh, chatId, button));
    const inbox = await waitForInbox(driver, chatId, (i) => i.messages.length > 0, `the button press ${button.id}`, run.timeoutMs);
    ensureEqual(inbox.messages[0], button.text, 'the text the agent received for the button press');
  },
);
