/**
 * setWebhook: the chatbot platform tells the engagement platform where to post agent events.
 *
 * This file is the canonical example of a scenario (see suites/README.md):
 *  - `check({...}, async (fixtures) => {...})` declares one check: one rule, a stable id, a level,
 *    and where the rule is stated: a document section with its own words (`quote`, required for a
 *    MUST citing a document), or a reading of docs/readings/ by its anchor; `rule` names a rule the
 *    other side of the exchange (operator-api-platform) grades too, at the same level;
 *  - `api` calls the IUT by operationId from specs/operator-api.yaml and logs every exchange;
 *  - `driver` makes the agent act (skips the check when the IUT has no driver);
 *  - `deliveries` waits for what the IUT posts to the receiver, within --timeout, and fails with a
 *    sentence when nothing comes;
 *  - `ensure*` helpers fail with one sentence saying what was expected and what was seen.
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure2xx, ensureEqual } from '../../harness/checks/ensure.ts';
import { agentTextArrives, ensureSame } from './helpers.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';

check(
  {
    id: 'operator-api.setWebhook.accepts-url',
    title: 'setWebhook accepts a webhook URL in "url" with a 2xx status',
    level: 'MUST',
    // JAICP's own page states this one (its method table); the fields are the Aimylogic page's.
    doc: 'operator',
    section: 'Method support',
    quote: 'you will need to create a web server that supports',
    rule: 'op.setWebhook.shape',
  },
  async ({ api, webhook }) => {
    const res = await api.call('setWebhook', { body: { url: webhook.main.url } });
    ensure2xx(res, 'setWebhook');
  },
);

check(
  {
    id: 'operator-api.setWebhook.events-reach-that-url',
    title: 'agent events are posted to exactly the path of the URL given by setWebhook',
    level: 'MUST',
    doc: 'readings',
    section: 'op-events-exact-url',
  },
  async ({ api, driver, deliveries, webhook, fresh, receiver }) => {
    driver.require();
    const userId = fresh.id();
    const d = await agentTextArrives(api, driver, deliveries, userId, fresh.id('text'));
    ensureEqual(d.path, receiver.localPathOf(webhook.main.url), 'the path the event was posted to');
  },
);

check(
  {
    id: 'operator-api.setWebhook.keeps-query',
    title: 'a webhook URL with a query string is called with that query string',
    level: 'MUST',
    doc: 'readings',
    section: 'op-events-exact-url',
  },
  async ({ api, driver, deliveries, webhook, fresh }) => {
    driver.require();
    const hook = webhook.make('query', 'channel=cc&v=2');
    await webhook.set(hook);
    const userId = fresh.id();
    const d = await agentTextArrives(api, driver, deliveries, userId, fresh.id('text'));
    ensureSame(d.endpoint, 'query', 'the webhook the event reached');
    ensureEqual(d.query, 'channel=cc&v=2', 'the query string of the webhook call');
  },
);

check(
  {
    id: 'operator-api.setWebhook.second-call-moves-delivery',
    title: 'after a second setWebhook, events go only to the new URL',
    level: 'MUST',
    doc: 'readings',
    section: 'op-events-exact-url',
  },
  async ({ api, driver, deliveries, webhook, fresh, run }) => {
    driver.require();
    const first = webhook.make('first');
    const second = webhook.make('second');
    await webhook.set(first);
    await webhook.set(second);
    const userId = fresh.id();
    const d = await agentTextArrives(api, driver, deliveries, userId, fresh.id('text'));
    ensureSame(d.endpoint, 'second', 'the webhook the event reached');
    await deliveries.none((x) => x.endpoint === 'first', quietWindowMs(run.timeoutMs), 'an event was posted to the webhook replaced by the second setWebhook');
  },
);
