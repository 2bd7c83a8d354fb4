/**
 * Rules that hold for every request the platform makes to the engagement platform: a JSON object
 * body (MUST), sent with Content-Type application/json (SHOULD), and any 2xx answer taken as success.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, isObject } from '../../harness/checks/ensure.ts';
import { callOf, POST_METHODS, type Engagement, type ChatClient, type FakeServer } from '../../fixtures/operator-api-platform.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Receiver, Delivery } from '../../harness/receiver/receiver.ts';
import type { RunConfig } from '../../harness/config/run-config.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { startChat } from './helpers.ts';

interface DialogDeps {
  engagement: Engagement;
  driver: DriverClient;
  deliveries: DeliveryWatcher;
  chat: ChatClient;
  fresh: Fresh;
  receiver: Receiver;
  run: RunConfig;
}

/**
 * A whole dialog against a fresh fake engagement platform: setWebhook, selectDestination, sendText,
 * sendFile, closeChat. Each call is waited for leniently (whether it comes is judged by the checks of
 * each method); returns every call with a body that came.
 */
async function wholeDialog(x: DialogDeps, label: string): Promise<{ server: FakeServer; calls: Delivery[] }> {
  x.driver.require();
  const server = x.engagement.fresh(label);
  const { mark } = await x.engagement.connect(server);
  const clientId = x.fresh.id('client');
  await startChat({ chat: x.chat }, clientId);
  await x.driver.post('platform/transfer', {
    clientId,
    destinationId: x.engagement.destinations[0]!.destinationId,
    userName: 'Jason Body',
    attributes: { plan: 'gold' },
  });
  const wait = (op: (typeof POST_METHODS)[number]) => x.receiver.waitFor(callOf(server, op, mark, false), x.run.timeoutMs);
  if (await wait('selectDestination')) {
    await x.chat.send(clientId, `Is this JSON? ${x.fresh.id('t')}`);
    await wait('sendText');
  }
  await x.driver.post('platform/client-file', { clientId, url: 'https://files.example.test/scan.pdf', fileName: 'scan.pdf', size: 1024 });
  await wait('sendFile');
  await x.driver.post('platform/client-close', { clientId, text: 'Bye' });
  await wait('closeChat');
  const calls = x.deliveries.seen((d) => d.seq >= mark && POST_METHODS.some((op) => d.endpoint === server.endpointOf(op)));
  precondition(calls.length > 0, 'the platform made no request with a body to the engagement platform (judged by the checks of each method)');
  for (const d of calls) x.deliveries.record(d, 'expected');
  return { server, calls };
}

check(
  {
    id: 'operator-api-platform.requests.json-object-body',
    title: 'setWebhook, selectDestination, sendText, sendFile and closeChat carry a JSON object body',
    level: 'MUST',
    doc: 'readings',
    section: 'op-platform-request-json',
  },
  async ({ engagement, driver, deliveries, chat, fresh, receiver, run }) => {
    const { calls } = await wholeDialog({ engagement, driver, deliveries, chat, fresh, receiver, run }, 'json');
    for (const d of calls) {
      const op = d.path.split('/').pop();
      ensure(
        d.isJson && isObject(d.json),
        `the ${op} body is not a JSON object: ${describe(d.rawBody.slice(0, 120))}`,
        'a JSON object',
        d.rawBody.slice(0, 200),
      );
    }
  },
);

check(
  {
    // The id predates the split of the JSON body (MUST) from its Content-Type (SHOULD); ids are never renamed.
    id: 'operator-api-platform.requests.json-content-type',
    title: 'setWebhook, selectDestination, sendText, sendFile and closeChat are sent with Content-Type application/json',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-platform-content-type',
  },
  async ({ engagement, driver, deliveries, chat, fresh, receiver, run }) => {
    const { calls } = await wholeDialog({ engagement, driver, deliveries, chat, fresh, receiver, run }, 'ctype');
    for (const d of calls) {
      const op = d.path.split('/').pop();
      ensure(
        /^application\/json\s*(;|$)/i.test(d.contentType),
        `${op} was sent with Content-Type ${describe(d.contentType)}, expected application/json`,
        'application/json',
        d.contentType,
      );
    }
  },
);

check(
  {
    id: 'operator-api-platform.requests.any-2xx-is-success',
    title: "answered 204, 202 or 201 with odd bodies, setWebhook and selectDestination count as done: the client's next text goes to sendText",
    level: 'MUST',
    doc: 'readings',
    section: 'op-platform-accepts-any-2xx',
  },
  async ({ engagement, driver, deliveries, chat, fresh }) => {
    driver.require();
    // A fake engagement platform that answers setWebhook 204, selectDestination 202 {"status":"queued"}, sendText 201 "ok".
    const server = engagement.fresh('odd', { oddAnswers: true });
    const { mark } = await engagement.connect(server);
    const clientId = fresh.id('client');
    await startChat({ chat }, clientId);
    await driver.post('platform/transfer', { clientId, destinationId: engagement.destinations[1]!.destinationId });
    const selected = await deliveries.waitFor(callOf(server, 'selectDestination', mark), `a selectDestination call for client ${clientId}'s transfer`);
    const text = `Still there? ${fresh.id('t')}`;
    const before = deliveries.receiver.nextSeq;
    await chat.send(clientId, text);
    const call = callOf(server, 'sendText', before);
    await deliveries.waitFor(
      (d) => call(d) && d.rawBody.includes(text),
      `a sendText with the client's text ${describe(text)} (selectDestination was answered ${selected.status}, setWebhook 204)`,
    );
  },
);
