/**
 * Connecting the Operator API channel: the platform tells the engagement platform where to post agent
 * events (setWebhook) and may list its agent groups (getDestinations).
 *
 * Each check here connects the platform (through the driver, `POST platform/operator-channel`) to a
 * fresh fake engagement platform, so that the setWebhook it judges is one the connection caused; the
 * next check connects the platform back to the main one.
 */
import { check, test } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, ensureEqual, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { callOf } from '../../fixtures/operator-api-platform.ts';
import { isHttpUrl } from '../../harness/checks/json.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { sleep } from '../../harness/checks/poll.ts';
import { requestSchemaErrors } from './helpers.ts';

/** The documented webhook path: "http://{host_name}/chatadapter/chatapi/webhook/operatorapi/{apiKey}" (any prefix). */
const WEBHOOK_PATH = /\/chatapi\/webhook\/operatorapi\/[^/]+\/?$/;

check(
  {
    id: 'operator-api-platform.setWebhook.called-on-connect',
    title: 'connecting the channel makes the platform POST {apiUrl}/setWebhook',
    level: 'MUST',
    doc: 'operator',
    section: 'Method support',
    quote: 'you will need to create a web server that supports',
  },
  async ({ engagement, driver, deliveries, run }) => {
    driver.require();
    const server = engagement.fresh('connect');
    const c = await engagement.connect(server);
    if (!c.setWebhook) {
      if (c.stray)
        fail(
          `the platform sent setWebhook to ${c.stray.path}, not to {apiUrl}/setWebhook (${server.pathOf('setWebhook')})`,
          '{apiUrl}/setWebhook',
          c.stray.path,
        );
      fail(`no call reached {apiUrl}/setWebhook within ${run.timeoutMs} ms after the channel was connected to that API URL`, 'a setWebhook call', 'nothing');
    }
    deliveries.record(c.setWebhook, 'expected');
    ensureEqual(c.setWebhook.method, 'POST', 'the HTTP method of the setWebhook call');
  },
);

check(
  {
    id: 'operator-api-platform.setWebhook.matches-schema',
    title: 'the setWebhook body is a JSON object with the webhook in "url", a string',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /setWebhook',
    quote: 'url | string | The webhook set by the setWebhook method.',
    rule: 'op.setWebhook.shape',
  },
  async ({ engagement, driver, deliveries, validators, coverage }) => {
    driver.require();
    const c = await engagement.connect(engagement.fresh('schema'));
    precondition(c.setWebhook, 'no setWebhook call arrived after the channel was connected (judged by operator-api-platform.setWebhook.called-on-connect)');
    ensureNoSchemaErrors(requestSchemaErrors(validators, deliveries, coverage, c.setWebhook, 'setWebhook', 'SetWebhookRequest'), 'the setWebhook request body');
  },
);

check(
  {
    id: 'operator-api-platform.setWebhook.url-absolute',
    title: 'the webhook URL given to setWebhook is an absolute http(s) URL with a host',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /setWebhook',
    quote: '"url": "http://{host_name}/chatadapter/chatapi/webhook/operatorapi/{apiKey}"',
  },
  async ({ engagement, driver, deliveries }) => {
    driver.require();
    const c = await engagement.connect(engagement.fresh('absolute'));
    precondition(c.setWebhook, 'no setWebhook call arrived after the channel was connected (judged by operator-api-platform.setWebhook.called-on-connect)');
    deliveries.record(c.setWebhook, 'expected');
    // Read leniently (a misnamed field is judged by setWebhook.matches-schema): the URL is judged here.
    precondition(c.webhookUrl, 'the setWebhook call carries no URL at all (judged by operator-api-platform.setWebhook.matches-schema)');
    ensure(
      isHttpUrl(c.webhookUrl),
      `the webhook URL ${describe(c.webhookUrl)} is not an absolute http(s) URL with a host`,
      'http://{host_name}/…',
      c.webhookUrl,
    );
  },
);

check(
  {
    id: 'operator-api-platform.setWebhook.url-documented-form',
    title: 'the webhook URL ends in /chatapi/webhook/operatorapi/{apiKey}, the form the Aimylogic and Tovie pages give (not checked under --profile jaicp)',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-platform-webhook-form',
  },
  async ({ engagement, driver, deliveries, run }) => {
    // JAICP's page gives no form for its webhook: under that profile there is nothing to hold it to.
    test.skip(run.profile === 'jaicp', "not checked under --profile jaicp: JAICP's page gives no form for the webhook URL (reading op-platform-webhook-form)");
    driver.require();
    const c = await engagement.connect(engagement.fresh('form'));
    precondition(c.setWebhook, 'no setWebhook call arrived after the channel was connected (judged by operator-api-platform.setWebhook.called-on-connect)');
    deliveries.record(c.setWebhook, 'expected');
    precondition(
      c.webhookUrl && isHttpUrl(c.webhookUrl),
      'the setWebhook call carries no absolute URL (judged by operator-api-platform.setWebhook.url-absolute)',
    );
    const path = new URL(c.webhookUrl).pathname;
    ensure(
      WEBHOOK_PATH.test(path),
      `the webhook URL's path is ${describe(path)}, expected one ending in /chatapi/webhook/operatorapi/{apiKey}`,
      '…/chatapi/webhook/operatorapi/{apiKey}',
      path,
    );
  },
);

check(
  {
    id: 'operator-api-platform.getDestinations.uses-get',
    title: 'when the platform lists the agent groups, it calls GET {apiUrl}/getDestinations',
    level: 'MUST',
    doc: 'operator',
    section: 'GET /getDestinations',
    quote: 'GET {apiUrl}/getDestinations',
  },
  async ({ engagement, driver, deliveries, evidence, coverage, run }) => {
    driver.require();
    const server = engagement.fresh('groups');
    const c = await engagement.connect(server);
    // getDestinations is optional: watch for one around the connection, judge each that came.
    await sleep(quietWindowMs(run.timeoutMs));
    const calls = deliveries.seen(callOf(server, 'getDestinations', c.mark, false));
    if (calls.length === 0) {
      evidence.push({
        kind: 'note',
        text: 'the platform did not call getDestinations when the channel was connected: nothing to judge (the call is optional)',
      });
      return;
    }
    coverage.operations.push(['getDestinations', null]);
    for (const d of calls) {
      deliveries.record(d, 'expected');
      ensureEqual(d.method, 'GET', 'the HTTP method of the getDestinations call');
    }
  },
);
