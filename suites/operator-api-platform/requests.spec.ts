/**
 * Rules that hold for every request the platform makes to the engagement platform.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, isObject } from '../../harness/checks/ensure.ts';
import { callOf, POST_METHODS } from '../../fixtures/operator-api-platform.ts';
import { precondition, startChat } from './helpers.ts';

check(
  {
    id: 'operator-api-platform.requests.json-content-type',
    title: 'setWebhook, selectDestination, sendText, sendFile and closeChat are JSON objects sent with Content-Type application/json',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Operator API: requests from the platform are JSON (Content-Type: application/json)',
  },
  async ({ engagement, driver, deliveries, chat, fresh, receiver, run }) => {
    driver.require();
    // A whole dialog against a fresh fake engagement platform: setWebhook, selectDestination,
    // sendText, sendFile, closeChat. Each call is waited for leniently (whether it comes is judged
    // elsewhere); every call that came is judged.
    const server = engagement.fresh('json');
    const { mark } = await engagement.connect(server);
    const clientId = fresh.id('client');
    await startChat({ chat }, clientId);
    await driver.post('platform/transfer', { clientId, destinationId: engagement.destinations[0]!.destinationId, userName: 'Jason Body', attributes: { plan: 'gold' } });
    const wait = (op: (typeof POST_METHODS)[number]) => receiver.waitFor(callOf(server, op, mark, false), run.timeoutMs);
    if (await wait('selectDestination')) {
      await chat.send(clientId, `Is this JSON? ${fresh.id('t')}`);
      await wait('sendText');
    }
    await driver.post('platform/client-file', { clientId, url: 'https://files.example.test/scan.pdf', fileName: 'scan.pdf', size: 1024 });
    await wait('sendFile');
    await driver.post('platform/client-close', { clientId, text: 'Bye' });
    await wait('closeChat');

    const calls = deliveries.seen((d) => d.seq >= mark && POST_METHODS.some((op) => d.endpoint === server.endpointOf(op)));
    precondition(calls.length > 0, 'the platform made no request with a body to the engagement platform (judged by the checks of each method)');
    for (const d of calls) {
      deliveries.record(d, 'expected');
      const op = d.path.split('/').pop();
      ensure(/^application\/json\s*(;|$)/i.test(d.contentType), `${op} was sent with Content-Type ${describe(d.contentType)}, expected application/json`, 'application/json', d.contentType);
      ensure(d.isJson && isObject(d.json), `the ${op} body is not a JSON object: ${describe(d.rawBody.slice(0, 120))}`, 'a JSON object', d.rawBody.slice(0, 200));
    }
  },
);
