import { test, expect } from '@playwright/test';
import { Receiver } from '../../harness/receiver/receiver.ts';

/** The fake webhook receiver, exercised through fastify inject (no sockets needed for the routing). */

async function receiver(bodyLimit = 1024 * 1024) {
  return Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit });
}

test('records a JSON POST to a registered endpoint and answers 200 with an empty body', async () => {
  const r = await receiver();
  const url = r.endpoint('webhook', '/hook/abc');
  expect(url).toBe(`${r.baseUrl}/hook/abc`);
  const res = await r.inject({ method: 'POST', url: '/hook/abc?x=1', headers: { 'content-type': 'application/json' }, payload: '{"userId":"u1"}' });
  expect(res.statusCode).toBe(200);
  expect(res.body).toBe('');
  expect(r.deliveries).toHaveLength(1);
  expect(r.deliveries[0]).toMatchObject({ endpoint: 'webhook', path: '/hook/abc', query: 'x=1', isJson: true, json: { userId: 'u1' }, method: 'POST' });
  await r.close();
});

test('answers 405 to a wrong method on a registered path and still records it for the checks', async () => {
  const r = await receiver();
  r.endpoint('webhook', '/hook');
  const res = await r.inject({ method: 'PUT', url: '/hook', headers: { 'content-type': 'application/json' }, payload: '{}' });
  expect(res.statusCode).toBe(405);
  expect(r.deliveries[0]).toMatchObject({ method: 'PUT', status: 405, endpoint: 'webhook' });
  await r.close();
});

test('answers 404 elsewhere and counts unexpected deliveries without keeping them all', async () => {
  const r = await receiver();
  r.endpoint('webhook', '/hook');
  for (let i = 0; i < 50; i++) await r.inject({ method: 'POST', url: `/junk/${i}`, payload: 'x' });
  expect(r.unexpectedCount).toBe(50);
  expect(r.unexpectedSamples.length).toBeLessThanOrEqual(20);
  expect(r.deliveries).toHaveLength(0);
  await r.close();
});

test('refuses a body over the limit without recording it as a delivery', async () => {
  const r = await receiver(1024);
  r.endpoint('webhook', '/hook');
  const res = await r.inject({
    method: 'POST',
    url: '/hook',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ a: 'x'.repeat(5000) }),
  });
  expect(res.statusCode).toBe(413);
  expect(r.deliveries).toHaveLength(0);
  expect(r.unexpectedCount).toBe(1);
  await r.close();
});

test('keeps a body that is not JSON as raw text', async () => {
  const r = await receiver();
  r.endpoint('webhook', '/hook');
  await r.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
  expect(r.deliveries[0]).toMatchObject({ isJson: false, rawBody: 'hello', contentType: 'text/plain' });
  await r.close();
});

test('waitFor resolves with a matching delivery, including one that arrived before the wait', async () => {
  const r = await receiver();
  r.endpoint('webhook', '/hook');
  await r.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json' }, payload: '{"n":1}' });
  const early = await r.waitFor((d) => (d.json as { n: number }).n === 1, 100);
  expect(early?.seq).toBe(1);
  const later = r.waitFor((d) => (d.json as { n: number }).n === 2, 2000);
  await r.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json' }, payload: '{"n":2}' });
  expect((await later)?.seq).toBe(2);
  await r.close();
});

test('waitFor gives up after its budget with undefined', async () => {
  const r = await receiver();
  expect(await r.waitFor(() => true, 50)).toBeUndefined();
  await r.close();
});

test('an omnichannel-style endpoint answers with its configured body', async () => {
  const r = await receiver();
  r.endpoint('client', '/s3cr3t/send_message', { answer: { status: 200, body: { result: 'ok' } } });
  const res = await r.inject({ method: 'POST', url: '/s3cr3t/send_message', headers: { 'content-type': 'application/json' }, payload: '{}' });
  expect(res.json()).toEqual({ result: 'ok' });
  await r.close();
});

test('secret() gives unguessable distinct path segments', () => {
  const a = Receiver.secret();
  const b = Receiver.secret();
  expect(a).toMatch(/^[0-9a-f]{32}$/);
  expect(a).not.toBe(b);
});
