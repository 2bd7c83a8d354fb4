/**
 * Stateful runs with the reference as oracle (issue 12): random sequences of transfers, client texts,
 * files and closes, and agent actions through the driver (one at a time, or two for one user at the
 * same moment), applied to the IUT and to a fresh in-process bundled reference. After each step only
 * what the documents fix is compared; a difference is shrunk to the shortest sequence and reported
 * with the seed. userIds differ between runs only by a prefix (a numeric-looking id stays numeric).
 */
import { check } from '../../fixtures/operator-api.ts';
import { describe } from '../../harness/checks/ensure.ts';
import { isObject, parseJson } from '../../harness/checks/json.ts';
import { pollFor } from '../../harness/checks/poll.ts';
import { fail } from '../../harness/checks/failure.ts';
import { checkProperty } from '../../harness/generated/property-check.ts';
import { generation, type RunConfig } from '../../harness/config/run-config.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { Receiver, Delivery } from '../../harness/receiver/receiver.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Evidence } from '../../harness/http/evidence.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import type { CoverageLog } from '../../fixtures/conformance.ts';
import type { WebhookControl } from '../../fixtures/operator-api.ts';
import { startReference } from '../../reference/index.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_SCHEMA } from './helpers.ts';
import { EVENT_TYPES, destinationIds, eventBody, namesUser, short, withShrinkBudget } from './generators.ts';
import { UserIds, bothViews, describeSequence, describeStep, runSequence, sequences, shows, type Context, type Sequence, type UserState } from './stateful.ts';

interface Fixtures {
  api: IutClient;
  driver: DriverClient;
  receiver: Receiver;
  evidence: Evidence[];
  run: RunConfig;
}

/**
 * Run the sequences with a fresh reference; `judge` is called after each step, `end` after the last.
 * The reference is closed at the end, whatever happens.
 */
async function stateful(
  f: Fixtures,
  judge: (ctx: Context, seq: Sequence, users: UserState[], i: number) => Promise<void>,
  opts: { refWebhook?: string; end?: (ctx: Context, seq: Sequence, users: UserState[], mark: number) => Promise<void> } = {},
): Promise<void> {
  f.driver.require();
  const ref = await startReference('operator-api');
  try {
    const refDestinations = await fetch(`${ref.target}/getDestinations`).then(async (r) =>
      ((await r.json()) as { destinations: Array<{ destinationId: string }> }).destinations.map((d) => d.destinationId),
    );
    if (opts.refWebhook)
      await fetch(`${ref.target}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: opts.refWebhook }),
      });
    const ctx: Context = {
      api: f.api,
      driver: f.driver,
      receiver: f.receiver,
      ref,
      evidence: f.evidence,
      iutDestinations: await destinationIds(f.api),
      refDestinations,
    };
    const ids = new UserIds();
    await checkProperty({
      ...generation(f.run),
      arbitrary: sequences,
      evidence: f.evidence,
      describeInput: describeSequence,
      // A lost event costs the whole --timeout per shrinking step: shrinking has a time budget.
      predicate: withShrinkBudget(
        async (seq: Sequence) => {
          const mark = f.receiver.nextSeq;
          const users = await runSequence(ctx, seq, ids.next(seq.ids), (users, i) => judge(ctx, seq, users, i));
          await opts.end?.(ctx, seq, users, mark);
        },
        Math.max(10_000, 4 * f.run.timeoutMs),
      ),
    });
  } finally {
    await ref.close();
  }
}

check(
  {
    id: 'operator-api.stateful.agent-view',
    title: "after each step of a random sequence, the agent's chat shows every text and file url the client sent in the open session, as the reference's does",
    level: 'MUST',
    doc: 'readings',
    section: 'op-client-content-reaches-agent',
  },
  async ({ api, driver, receiver, evidence, run }) =>
    stateful({ api, driver, receiver, evidence, run }, async (ctx, seq, users, i) => {
      for await (const { u, iut, ref } of bothViews(ctx, users, (x) => x.open && x.items.length > 0)) {
        for (const item of u.items) {
          // The reference is the oracle: only what it shows is expected (lists searched, never indexed).
          if (!shows(ref, item)) continue;
          if (!shows(iut, item)) {
            const what = 'text' in item ? `text ${short(item.text)}` : `file url ${short(item.url)}`;
            const seen = iut.messages.filter((m) => m.from === 'client').map((m) => m.text ?? m.url);
            fail(
              `after step ${i + 1} (${describeStep(seq.steps[i], seq.ids)}), the agent's chat of user ${short(u.userId)} does not show the client's ${what}, which the reference shows; the client's entries it shows: ${describe(seen)}`,
              item,
              seen,
            );
          }
        }
      }
    }),
);

check(
  {
    id: 'operator-api.stateful.hidden-attributes',
    title: 'after each step of a random sequence (transfers again and again), no hiddenAttributes field ever sent for a user is shown to the agent',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /selectDestination',
    quote: 'Pre-chat field that will not be sent to the agent.',
  },
  async ({ api, driver, receiver, evidence, run }) =>
    stateful({ api, driver, receiver, evidence, run }, async (ctx, seq, users, i) => {
      for await (const { u, iut, ref } of bothViews(ctx, users, (x) => x.open && x.hidden.length > 0)) {
        for (const [key, value] of u.hidden) {
          // A field also sent as a visible attribute may be shown; so may what the reference shows.
          if (u.visible.some(([k, v]) => k === key && v === value)) continue;
          if (ref.attributes[key] === value) continue;
          if (Object.hasOwn(iut.attributes, key) && iut.attributes[key] === value) {
            fail(
              `after step ${i + 1} (${describeStep(seq.steps[i], seq.ids)}), the agent sees the hidden field ${short(key)} = ${short(value)} of user ${short(u.userId)} among its attributes ${short(iut.attributes)}`,
              'not shown',
              iut.attributes,
            );
          }
        }
      }
    }),
);

check(
  {
    id: 'operator-api.stateful.deliveries',
    title:
      'the agent actions of a random sequence (some for one user at the same moment) give, per user, as many events of each type as the reference gives, each matching its schema',
    level: 'MUST',
    doc: 'readings',
    section: 'op-event-fields',
  },
  async ({ api, driver, receiver, evidence, run, webhook, deliveries, validators, coverage }) => {
    // The reference's events go to a sink of this check, not to the suite's receiver: nothing of the
    // oracle stays connected to the receiver after the check.
    const sink = await OracleSink.start();
    try {
      await stateful({ api, driver, receiver, evidence, run }, async () => undefined, {
        refWebhook: sink.url,
        end: (ctx, seq, users, mark) => judgeDeliveries({ ctx, seq, users, mark, webhook, deliveries, validators, coverage, timeoutMs: run.timeoutMs, sink }),
      });
    } finally {
      await sink.close();
    }
  },
);

/** A webhook for the reference: keeps the events it receives. */
class OracleSink {
  events: Array<Record<string, unknown>> = [];
  private constructor(
    private server: http.Server,
    readonly url: string,
  ) {}
  static async start(): Promise<OracleSink> {
    let sink: OracleSink | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // The reference posts JSON objects; anything else is no event of the oracle's.
        const e = parseJson(Buffer.concat(chunks).toString('utf8'));
        if (isObject(e)) sink?.events.push(e);
        res.writeHead(200, { connection: 'close' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink = new OracleSink(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/oracle`);
    return sink;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Event types per user: what the reference posted, and what the IUT posted since `mark`. */
async function judgeDeliveries(a: {
  ctx: Context;
  seq: Sequence;
  users: UserState[];
  mark: number;
  webhook: WebhookControl;
  deliveries: DeliveryWatcher;
  validators: SpecValidators;
  coverage: CoverageLog;
  timeoutMs: number;
  sink: OracleSink;
}): Promise<void> {
  const { receiver } = a.ctx;
  const total = a.users.reduce((n, u) => n + u.actions, 0);
  if (total === 0) return;
  // userIds are new to each sequence: the reference's events for them are this sequence's.
  const fromRef = () => a.sink.events.filter((e) => a.users.some((u) => namesUser(e, u.userId)));
  // The reference posts at once: waiting for it is waiting for the oracle, never judged.
  await pollFor(
    async () => fromRef().length,
    (n) => n >= total,
    { withinMs: a.timeoutMs, pauseMs: 5 },
  );
  if (fromRef().length < total) throw new Error(`the bundled reference posted ${fromRef().length} of ${total} events`);
  const counts = (list: Array<Delivery | Record<string, unknown>>, userId: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of list) {
      const e = 'seq' in x && 'rawBody' in x ? eventBody(x as Delivery) : (x as Record<string, unknown>);
      if (namesUser(e, userId)) m.set(String(e.type), (m.get(String(e.type)) ?? 0) + 1);
    }
    return m;
  };
  const fromIut = () => receiver.find((d) => d.seq >= a.mark && d.endpoint === a.webhook.main.name);
  const missing = (): string[] =>
    a.users.flatMap((u) => {
      const got = counts(fromIut(), u.userId);
      return [...counts(fromRef(), u.userId)]
        .filter(([t, n]) => (got.get(t) ?? 0) < n)
        .map(([t, n]) => `${n - (got.get(t) ?? 0)} ${t} for user ${short(u.userId)}`);
    });
  const unknown = () => fromIut().find((d) => a.users.some((u) => namesUser(eventBody(d), u.userId)) && !EVENT_TYPES.includes(String(eventBody(d).type)));
  // A delivery that is not JSON is reported at once, as the DeliveryWatcher does for every other
  // check: waiting out the budget for a JSON one would only repeat itself on every shrinking step.
  const unreadable = () => fromIut().find((d) => !d.isJson);
  if (missing().length > 0 && !unknown() && !unreadable())
    await receiver.waitFor(() => missing().length === 0 || unknown() !== undefined || unreadable() !== undefined, a.timeoutMs, a.mark);
  const garbled = unreadable();
  if (garbled) {
    a.deliveries.record(garbled, 'not JSON');
    fail(
      `after ${describeSequence(a.seq)}, the IUT posted an event that is ${garbled.contentType || 'without a content type'}, not JSON`,
      'application/json',
      garbled.contentType || '(no content type)',
    );
  }
  const odd = unknown();
  if (odd) {
    a.deliveries.record(odd, 'an event of a type the document does not list');
    fail(
      `after ${describeSequence(a.seq)}, the IUT posted an event of type ${short(eventBody(odd).type)}, which is none of ${EVENT_TYPES.join(', ')}`,
      EVENT_TYPES,
      eventBody(odd).type,
    );
  }
  const lacking = missing();
  for (const d of fromIut()) a.deliveries.record(d, 'received');
  if (lacking.length > 0)
    fail(
      `after the sequence's ${total} agent actions, ${lacking.join(', ')} did not arrive within ${a.timeoutMs} ms, while the reference posted them`,
      'one event per agent action',
      lacking,
    );
  for (const d of fromIut()) {
    const e = eventBody(d);
    if (!a.users.some((u) => namesUser(e, u.userId))) continue;
    const errors = a.validators.validate(EVENT_SCHEMA[String(e.type)], d.json, `${String(e.type)} event body`);
    a.coverage.events.push(String(e.type));
    a.deliveries.annotate(d, errors);
    if (errors.length)
      fail(
        `the ${String(e.type)} event for user ${short(e.userId)} does not match the spec: ${errors.slice(0, 3).join('; ')}`,
        'a body valid against the spec',
        errors,
      );
  }
}
