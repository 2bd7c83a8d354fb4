import { catalogue, type MutantId } from '../../reference/chat-api/mutants.ts';
import { build } from '../../reference/chat-api/server.ts';
import { mutantTableTests, type Probe as TableProbe } from './reference-common-catalogue.ts';
import { api, countOf, entriesOf, injectTarget, sleep, webhookReceiver, type Target } from './chat-api-test-kit.ts';

/**
 * The Chat API mutant table (the scheme of ./reference-common-catalogue.ts): each mutant breaks its
 * rule, and only its rule: a probe per rule answers "does the implementation keep this rule?". The
 * reference keeps every one; each mutant breaks its own probe and no other, except where one rule is
 * the precondition of another (listed in OVERLAPS). These probes prove the mutants work; whether the
 * conformance suite kills them is the self-test's job. Every Chat API mutant has a probe today.
 */

type Probe = (t: Target, hook: Hook) => Promise<boolean>;
type Hook = Awaited<ReturnType<typeof webhookReceiver>>;

/** How long a probe waits for a webhook delivery that should come. */
const DELIVERY_MS = 1500;

async function delivered(hook: Hook, pred: (body: unknown) => boolean): Promise<boolean> {
  return hook
    .waitFor((d) => pred(d.body), DELIVERY_MS)
    .then(
      () => true,
      () => false,
    );
}

const items = (body: unknown): any[] => (Array.isArray(body) ? body : [body]);
const is4xx = (status: number) => status >= 400 && status < 500;

const probes: Partial<Record<MutantId, Probe>> = {
  'cid-not-echoed': async (t) => (await api(t).send({ clientId: 'p', query: 'x', cid: 'conn' })).body.cid === 'conn',
  'cid-filter-ignored': async (t) => {
    const a = api(t);
    await a.send({ clientId: 'p', query: 'x', cid: 'A' });
    const b = (await a.send({ clientId: 'p', query: 'y', cid: 'B' })).body.questionId;
    const r = await a.events(`clientId=p&ts=0&all=true&cid=A`);
    return !r.body.events.some((e: any) => e.event.questionId === b);
  },
  'cid-ascii-only': async (t) => (await api(t).send({ clientId: 'p', query: 'x', cid: 'tab 2/ü "x" 🚀' })).status === 200,
  'answer-client-id-internal': async (t) => (await api(t).send({ clientId: 'p', query: 'x' })).body.clientId === 'p',
  'answer-text-missing': async (t) => typeof (await api(t).send({ clientId: 'p', query: 'x' })).body.data.answer === 'string',
  'async-webhook-wrong-client-id': async (t, hook) => {
    const q = (await api(t).sendAsync({ clientId: 'p', query: 'x' })).body.questionId;
    if (!(await delivered(hook, (b) => items(b).some((i) => String(i.questionId) === String(q))))) return true;
    return hook.deliveries.some((d) => items(d.body).some((i) => String(i.questionId) === String(q) && i.clientId === 'p'));
  },
  'async-one-at-a-time': async (t) => {
    const answers = await Promise.all([1, 2, 3].map((n) => api(t).sendAsync({ clientId: 'p', query: `x${n}` })));
    return answers.every((r) => r.status === 200);
  },
  'history-omits-async': async (t) => {
    const a = api(t);
    const q = String((await a.sendAsync({ clientId: 'p', query: 'x' })).body.questionId);
    await a.send({ clientId: 'p', query: 'after' }); // so that the async answer is not the newest entry
    return entriesOf((await a.history('p')).body).some((e) => String(e.questionId) === q);
  },
  'history-omits-simple-get': async (t) => {
    const a = api(t);
    const q = (await a.simple('clientId=p&query=x')).body.questionId;
    await a.send({ clientId: 'p', query: 'after' });
    return entriesOf((await a.history('p')).body).some((e) => e.questionId === q);
  },
  'history-capped-250': async (t) => {
    const a = api(t);
    for (let i = 0; i < 255; i++) await a.send({ clientId: 'p', query: `m${i}` });
    return entriesOf((await a.history('p')).body).length > 250;
  },
  'history-all-clients': async (t) => {
    const a = api(t);
    await a.send({ clientId: 'p', query: 'mine' });
    const other = (await a.send({ clientId: 'someone-else', query: 'theirs' })).body.questionId;
    return !entriesOf((await a.history('p')).body).some((e) => e.questionId === other);
  },
  'state-per-channel': async (t) => {
    const a = api(t);
    await a.saveState('p', { json: { owner: 'p' } });
    await a.saveState('q', { json: { owner: 'q' } });
    return JSON.stringify((await a.loadState('p')).body) === '{"owner":"p"}';
  },
  'status-missing-for-async': async (t) => {
    const q = String((await api(t).sendAsync({ clientId: 'p', query: 'x' })).body.questionId);
    return (await api(t).status('p', q)).status === 200;
  },
  'status-server-side-refused': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    const one = await a.setStatus('p', q, { status: 'NOT_SENT' });
    const batch = await a.setStatuses('p', { statuses: [{ questionId: q, status: 'SENT' }] });
    return one.status === 200 && batch.status === 200;
  },
  'async-returns-replies': async (t) => Object.keys((await api(t).sendAsync({ clientId: 'p', query: 'x' })).body).join() === 'questionId',
  'async-event-refused': async (t) => (await api(t).sendAsync({ clientId: 'p', event: 'start' })).status === 200,
  'async-webhook-missing': async (t, hook) => {
    await api(t).sendAsync({ clientId: 'p', query: 'x' });
    return delivered(hook, () => true);
  },
  'async-webhook-not-array': async (t, hook) => {
    await api(t).sendAsync({ clientId: 'p', query: 'x' });
    return hook
      .waitFor(() => true, DELIVERY_MS)
      .then(
        (d) => Array.isArray(d.body),
        () => true,
      );
  },
  'async-webhook-wrong-question-id': async (t, hook) => {
    const q = (await api(t).sendAsync({ clientId: 'p', query: 'x' })).body.questionId;
    if (!(await delivered(hook, () => true))) return true;
    return hook.deliveries.some((d) => items(d.body).some((i) => i.questionId === q));
  },
  'async-webhook-missing-token': async (t, hook) => {
    await api(t).sendAsync({ clientId: 'p', query: 'x' });
    if (!(await delivered(hook, () => true))) return true;
    return items(hook.deliveries[0]!.body).every((i) => i.token === t.token);
  },
  'agent-reply-not-on-webhook': async (t, hook) => {
    await api(t).agent('p', 'agent says');
    return delivered(hook, (b) => items(b).some((i) => i.data?.answer === 'agent says'));
  },
  'agent-reply-not-in-events': async (t) => {
    await api(t).agent('p', 'agent says');
    return (await api(t).events('clientId=p&ts=0')).body.events.length === 1;
  },
  'events-ts-ignored': async (t) => {
    const a = api(t);
    await a.agent('p', 'old');
    await sleep(5);
    const ts = Date.now();
    await sleep(5);
    await a.agent('p', 'new');
    const r = await a.events(`clientId=p&ts=${ts}`);
    return !r.body.events.some((e: any) => e.event.data.answer === 'old');
  },
  'events-all-ignored': async (t) => {
    const q = (await api(t).send({ clientId: 'p', query: 'x' })).body.questionId;
    return (await api(t).events('clientId=p&ts=0&all=true')).body.events.some((e: any) => e.event.questionId === q);
  },
  'events-default-includes-bot': async (t) => {
    await api(t).send({ clientId: 'p', query: 'x' });
    return (await api(t).events('clientId=p&ts=0')).body.events.length === 0;
  },
  'events-no-cap': async (t) => {
    for (let i = 0; i < 255; i++) await api(t).agent('p', `m${i}`);
    return (await api(t).events('clientId=p&ts=0')).body.events.length <= 250;
  },
  'history-drops-last': async (t) => {
    const a = api(t);
    const q1 = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    const q2 = (await a.send({ clientId: 'p', query: 'y' })).body.questionId;
    const ids = entriesOf((await a.history('p')).body).map((e) => e.questionId);
    return ids.includes(q1) && ids.includes(q2);
  },
  'history-missing-timestamp': async (t) => {
    await api(t).send({ clientId: 'p', query: 'x' });
    return entriesOf((await api(t).history('p')).body).every((e) => typeof e.timestamp === 'string');
  },
  'state-not-deep-equal': async (t) => {
    const state = { list: [1, [2], { x: [3] }] };
    await api(t).saveState('p', { json: state });
    return JSON.stringify((await api(t).loadState('p')).body) === JSON.stringify(state);
  },
  'state-truncated-large': async (t) => {
    const state = { blob: 'x'.repeat(100 * 1024) };
    const r = await api(t).saveState('p', { json: state });
    return r.status === 200 && (await api(t).loadState('p')).body.blob === state.blob;
  },
  'state-bad-json-accepted': async (t) => is4xx((await api(t).saveState('p', { raw: '{"a":', contentType: 'application/json' })).status),
  'status-update-ignored': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    await a.setStatus('p', q, { status: 'DELIVERED' });
    return (await a.status('p', q)).body.status === 'DELIVERED';
  },
  'status-bad-accepted': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    return is4xx((await a.setStatus('p', q, { status: 'FOO' })).status);
  },
  'status-unknown-question-200': async (t) => (await api(t).status('p', 'never-answered')).status === 404,
  'batch-statuses-ignored': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    await a.setStatuses('p', { statuses: [{ questionId: q, status: 'DELIVERED' }] });
    return (await a.status('p', q)).body.status === 'DELIVERED';
  },
  'not-read-count-stale': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    await a.send({ clientId: 'p', query: 'y' });
    const before = countOf((await a.notRead('p')).body);
    const wasRead = (await a.status('p', q)).body.status === 'READ';
    await a.setStatus('p', q, { status: 'READ' });
    // Marking READ a message that already was is not "one more READ": the count stays.
    return countOf((await a.notRead('p')).body) === (wasRead ? before : before - 1);
  },
  'not-read-count-counts-read': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    await a.setStatus('p', q, { status: 'READ' });
    return countOf((await a.notRead('p')).body) === 0;
  },
  'unknown-token-accepted': async (t) => is4xx((await t.call('POST', '/chatapi/wrong', { json: { clientId: 'p', query: 'x' } })).status),
  'unknown-token-500': async (t) => is4xx((await t.call('GET', '/chatapi/wrong/client/p/history')).status),
  'missing-client-id-accepted': async (t) => is4xx((await api(t).send({ query: 'x' })).status),
  'missing-query-and-event-accepted': async (t) => is4xx((await api(t).send({ clientId: 'p' })).status),
  'timestamp-epoch-number': async (t) => typeof (await api(t).send({ clientId: 'p', query: 'x' })).body.timestamp === 'string',
  'replies-missing-type': async (t) => (await api(t).send({ clientId: 'p', query: 'x' })).body.data.replies.every((r: any) => typeof r.type === 'string'),
  'simple-get-no-echo': async (t) => (await api(t).simple('clientId=p&query=echo')).body.query === 'echo',
  'new-message-read': async (t) => {
    const q = (await api(t).send({ clientId: 'p', query: 'x' })).body.questionId;
    return (await api(t).status('p', q)).body.status !== 'READ';
  },
  'question-id-reused': async (t) => {
    const a = api(t);
    return (await a.send({ clientId: 'p', query: 'x' })).body.questionId !== (await a.send({ clientId: 'p', query: 'y' })).body.questionId;
  },
  'simple-get-accepts-empty': async (t) => is4xx((await api(t).simple('clientId=p')).status),
  'cid-rejected': async (t) => (await api(t).send({ clientId: 'p', query: 'x', cid: 'conn' })).status === 200,
  'async-500': async (t) => (await api(t).sendAsync({ clientId: 'p', query: 'x' })).status === 200,
  'async-question-id-number': async (t) => typeof (await api(t).sendAsync({ clientId: 'p', query: 'x' })).body.questionId === 'string',
  'agent-reply-webhook-not-array': async (t, hook) => {
    await api(t).agent('p', 'agent says');
    return hook
      .waitFor((d) => items(d.body).some((i) => i.data?.answer === 'agent says'), DELIVERY_MS)
      .then(
        (d) => Array.isArray(d.body),
        () => true,
      );
  },
  'event-missing-type': async (t) => {
    await api(t).send({ clientId: 'p', query: 'x' });
    return (await api(t).events('clientId=p&ts=0&all=true')).body.events.every((e: any) => typeof e.type === 'string');
  },
  'state-refuses-nested': async (t) => (await api(t).saveState('p', { json: { widget: { open: true }, list: [1] } })).status === 200,
  'state-merged': async (t) => {
    await api(t).saveState('p', { json: { a: 1 } });
    await api(t).saveState('p', { json: { b: 2 } });
    return JSON.stringify((await api(t).loadState('p')).body) === '{"b":2}';
  },
  'state-double-encoded': async (t) => {
    await api(t).saveState('p', { json: { a: 1 } });
    return typeof (await api(t).loadState('p')).body === 'object';
  },
  'state-unsaved-500': async (t) => [200, 404].includes((await api(t).loadState('never-saved')).status),
  'status-answer-bare-string': async (t) => {
    const q = (await api(t).send({ clientId: 'p', query: 'x' })).body.questionId;
    const body = (await api(t).status('p', q)).body;
    return typeof body === 'object' && body !== null && typeof body.status === 'string';
  },
  'status-read-refused': async (t) => {
    const q = (await api(t).send({ clientId: 'p', query: 'x' })).body.questionId;
    return (await api(t).setStatus('p', q, { status: 'READ' })).status === 200;
  },
  'batch-single-item-only': async (t) => {
    const a = api(t);
    const q1 = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    const q2 = (await a.send({ clientId: 'p', query: 'y' })).body.questionId;
    const statuses = [
      { questionId: q1, status: 'DELIVERED' },
      { questionId: q2, status: 'READ' },
    ];
    return (await a.setStatuses('p', { statuses })).status === 200;
  },
  'batch-bad-status-accepted': async (t) => {
    const q = (await api(t).send({ clientId: 'p', query: 'x' })).body.questionId;
    return is4xx((await api(t).setStatuses('p', { statuses: [{ questionId: q, status: 'FOO' }] })).status);
  },
  'batch-missing-statuses-accepted': async (t) => is4xx((await api(t).setStatuses('p', {})).status),
  'not-read-count-string': async (t) => {
    await api(t).send({ clientId: 'p', query: 'x' });
    const body = (await api(t).notRead('p')).body;
    return typeof body === 'number' || Object.values(body).some((v) => typeof v === 'number');
  },
  'bad-json-500': async (t) => is4xx((await t.call('POST', `/chatapi/${t.token}`, { raw: '{"clientId":', contentType: 'application/json' })).status),
  // The mutants of the generated checks (issue 12): each misbehaves only on unusual input.
  'client-id-decoded-twice': async (t) => (await api(t).history('100%')).status === 200,
  'state-dot-keys-nested': async (t) => {
    const a = api(t);
    await a.saveState('p', { json: { 'a.b': 1 } });
    return JSON.stringify((await a.loadState('p')).body) === '{"a.b":1}';
  },
  'numeric-client-id-as-number': async (t) => (await api(t).send({ clientId: '12345', query: 'x' })).body.clientId === '12345',
  'bidi-or-combining-500': async (t) => (await api(t).send({ clientId: 'p', query: 'e\u0301 \u200f' })).status === 200,
  'empty-data-500': async (t) => (await api(t).send({ clientId: 'p', query: 'x', data: {} })).status === 200,
  // A whole-number clientId is read as its string (the simulator is lenient); an object is refused with 4xx.
  'wrong-type-500': async (t) => is4xx((await api(t).send({ clientId: { id: 42 }, query: 'x' })).status),
  'status-wrong-type-500': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    return is4xx((await a.setStatus('p', q, { status: 42 })).status);
  },
  'empty-batch-500': async (t) => (await api(t).setStatuses('p', { statuses: [] })).status === 200,
  'events-lost-same-moment': async (t) => {
    const a = api(t);
    await Promise.all([a.send({ clientId: 'p', query: 'one' }), a.send({ clientId: 'p', query: 'two' })]);
    return (await a.events('clientId=p&ts=0&all=true')).body.events.length === 2;
  },
  'history-dedups-repeated-query': async (t) => {
    const a = api(t);
    await a.send({ clientId: 'p', query: 'same' });
    await a.send({ clientId: 'p', query: 'same' });
    return entriesOf((await a.history('p')).body).length === 2;
  },
  'status-read-cached': async (t) => {
    const a = api(t);
    const q = (await a.send({ clientId: 'p', query: 'x' })).body.questionId;
    await a.status('p', q);
    await a.setStatus('p', q, { status: 'READ' });
    return (await a.status('p', q)).body.status === 'READ';
  },
  'not-read-count-ignores-async': async (t) => {
    const a = api(t);
    await a.sendAsync({ clientId: 'p', query: 'x' });
    return countOf((await a.notRead('p')).body) === 1;
  },
};

/**
 * Probes that a mutant also fails because its rule is their precondition: with one questionId for
 * every answer, neither "no bot response of another connection" nor "mark one READ, the count drops
 * by one" can be told apart; a status update that changes nothing cannot lower the count; a count
 * that includes READ messages never decreases; an unknown token answered 500 or 200 fails both probes
 * of the one rule "an unknown token is 4xx". The others are commented where they are listed.
 */
const OVERLAPS: Partial<Record<MutantId, MutantId[]>> = {
  'question-id-reused': ['cid-filter-ignored', 'history-all-clients', 'not-read-count-stale'],
  'status-update-ignored': ['not-read-count-stale', 'not-read-count-counts-read', 'status-read-cached'],
  'not-read-count-counts-read': ['not-read-count-stale'],
  'unknown-token-accepted': ['unknown-token-500'],
  'unknown-token-500': ['unknown-token-accepted'],
  // A request with a cid refused: its cid cannot come back, whatever it holds.
  'cid-rejected': ['cid-ascii-only', 'cid-not-echoed'],
  // No async answer at all: no questionId (of any type), no answer to judge, no webhook delivery,
  // nothing in history, no status, no concurrent requests accepted.
  'async-500': [
    'async-event-refused',
    'async-one-at-a-time',
    'async-question-id-number',
    'async-returns-replies',
    'async-webhook-missing',
    'history-omits-async',
    'status-missing-for-async',
    'not-read-count-ignores-async',
  ],
  // The probe compares questionIds as JSON values: a number is not the webhook's string.
  'async-question-id-number': ['async-webhook-wrong-question-id'],
  // Probes that save nested states, or read a state back, depend on saving and reading objects.
  'state-refuses-nested': ['state-not-deep-equal'],
  'state-double-encoded': ['state-merged', 'state-not-deep-equal', 'state-per-channel', 'state-truncated-large', 'state-dot-keys-nested'],
  // Probes that read a status back as {"status"}, or a count as a number, or mark a message READ.
  'status-answer-bare-string': ['batch-statuses-ignored', 'status-update-ignored', 'status-read-cached'],
  'status-read-refused': ['not-read-count-counts-read', 'not-read-count-stale', 'status-read-cached'],
  'not-read-count-string': ['not-read-count-counts-read', 'not-read-count-stale', 'not-read-count-ignores-async'],
  // The probes of the generated-checks mutants read a clientId, events, history, a status or a count back.
  'answer-client-id-internal': ['numeric-client-id-as-number'],
  'events-all-ignored': ['events-lost-same-moment'],
  'history-drops-last': ['history-dedups-repeated-query'],
  'history-omits-async': ['not-read-count-ignores-async'],
  'status-bad-accepted': ['status-wrong-type-500'],
  'new-message-read': ['not-read-count-ignores-async'],
};

interface Probed {
  t: Target;
  hook: Hook;
}

mutantTableTests<MutantId, Probed>({
  suite: 'chat-api',
  catalogue,
  probes: Object.fromEntries(Object.entries(probes).map(([id, p]) => [id, (x: Probed) => p!(x.t, x.hook)])) as Partial<Record<MutantId, TableProbe<Probed>>>,
  open: async (mutant) => {
    const t = await injectTarget(mutant ? { mutant } : {});
    const hook = await webhookReceiver();
    await api(t).webhook(hook.url);
    return { t, hook };
  },
  close: async ({ t, hook }) => {
    await t.close();
    await hook.close();
  },
  refuses: (opts) => build(opts),
  overlaps: OVERLAPS,
});
