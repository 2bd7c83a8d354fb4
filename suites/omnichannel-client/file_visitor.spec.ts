/**
 * A file from the visitor, as the document's "Supported message content: File" gives it:
 * `"message": {"id", "kind": "file_visitor", "data": {"id", "state", "name", "content_type", "size", "url"}}`,
 * where "the event will only be processed when state == ready is received".
 * (Each check lists the `platform` fixture, which tells the IUT where the platform is.)
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import { ensure, ensureNoSchemaErrors, isObject } from '../../harness/checks/ensure.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { isHttpUrl } from '../../harness/checks/json.ts';
import { shown, about, carrying, eventOf, fileOf, freshChatId, messageOf, settled, visitorDoes, visitorOf, type FileInfo } from './helpers.ts';

const CONTENT = 'Supported message content';

/** A visitor sends a ready file on a fresh chat; returns the IUT's post of it. */
async function postedFile(driver: DriverClient, deliveries: DeliveryWatcher, fresh: Fresh): Promise<{ d: Delivery; file: FileInfo }> {
  const chatId = freshChatId();
  const visitor = visitorOf(fresh);
  const file = fileOf(fresh, 'ready');
  await visitorDoes(driver, { chatId, visitor, kind: 'file_visitor', file });
  const d = await deliveries.waitFor(about(chatId, file.id, visitor.id), `the new_message for the file ${file.id} in chat ${chatId}`);
  return { d, file };
}

check(
  {
    id: 'omnichannel-client.file_visitor.matches-schema',
    title: 'a visitor\'s file is posted as a valid new_message whose message has kind "file_visitor" and the file data',
    level: 'MUST',
    doc: 'omnichannel',
    section: CONTENT,
    quote: '"kind": "file_visitor",',
  },
  async ({ driver, deliveries, fresh, platform, validators, coverage }) => {
    driver.require();
    const { d } = await postedFile(driver, deliveries, fresh);
    coverage.operations.push(['postInboundEvent', d.status]);
    const body = eventOf(d);
    // The message's own schema first: its errors say more than the union's of InboundRequest.
    const errors = [
      ...validators.validate('FileVisitorMessage', body?.message, 'new_message body message'),
      ...validators.validate('InboundRequest', body, 'new_message body'),
    ];
    deliveries.annotate(d, errors);
    ensureNoSchemaErrors(errors, 'the posted new_message');
  },
);

/** The file's own properties, which the client server passes on as the visitor's file has them. */
const KEPT = ['state', 'name', 'content_type', 'size'] as const;

check(
  {
    id: 'omnichannel-client.file_visitor.data-intact',
    title: "the file's state, name, content_type and size are posted as the visitor's file has them, with an id and a URL",
    level: 'MUST',
    doc: 'omnichannel',
    section: CONTENT,
    quote: '"data": (JSON — data about the file or button pressed)',
    rule: 'omni.file_visitor.data',
  },
  async ({ driver, deliveries, fresh, platform }) => {
    driver.require();
    const { d, file } = await postedFile(driver, deliveries, fresh);
    const data = messageOf(d)?.data;
    const got = isObject(data) ? data : {};
    // data.id is the client server's identifier and data.url may be a link of its own (a re-hosted
    // file): only their presence is judged, not that they are the driver's.
    const wrong: string[] = KEPT.filter((k) => got[k] !== file[k]).map((k) => `${k} ${shown(got[k])} (expected ${shown(file[k])})`);
    if (typeof got.id !== 'string' || got.id === '') wrong.push(`id ${shown(got.id)} (expected a non-empty string)`);
    if (!isHttpUrl(got.url)) wrong.push(`url ${shown(got.url)} (expected an http(s) URL)`);
    ensure(wrong.length === 0, `message.data of the posted file has ${wrong.join(', ')}`, file, data);
  },
);

check(
  {
    id: 'omnichannel-client.file_visitor.not-ready-never-ready',
    title: 'a file that is still uploading is never posted with state "ready"',
    level: 'MUST',
    doc: 'omnichannel',
    section: CONTENT,
    quote: 'the event will only be processed when state == ready is received.',
    rule: 'omni.file_visitor.ready',
  },
  async ({ driver, deliveries, receiver, fresh, run, platform }) => {
    driver.require();
    const chatId = freshChatId();
    const visitor = visitorOf(fresh);
    const file = fileOf(fresh, 'upload');
    await visitorDoes(driver, { chatId, visitor, kind: 'file_visitor', file });
    // Whether the client posts the uploading file at all is its choice. A text written after it on the
    // same chat bounds the wait without a fixed sleep; it is not judged here.
    const marker = fresh.id('after');
    const after = settled(receiver, carrying(marker), run.timeoutMs, receiver.nextSeq);
    await visitorDoes(driver, { chatId, visitor, kind: 'visitor', text: `Uploading, please wait ${marker}` });
    await after;
    // Only this file was sent on the chat: any file of it posted as ready is this one.
    const ofThisChat = about(chatId, file.id);
    const postedAsReady = (d: Delivery) => {
      const data = messageOf(d)?.data;
      return ofThisChat(d) && isObject(data) && data.state === 'ready';
    };
    await deliveries.none(postedAsReady, quietWindowMs(run.timeoutMs), `the file ${file.id}, whose state is "${file.state}", was posted with state "ready"`);
  },
);
