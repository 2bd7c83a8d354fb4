import { test, expect } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Receiver } from '../../harness/receiver/receiver.ts';
import { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import { IutClient } from '../../harness/http/iut-client.ts';
import { forgetBrokenMethods } from '../../harness/http/method-health.ts';
import { Redactor } from '../../harness/secrets/redactor.ts';
import { validatorsFor } from '../../harness/validation/validators.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';

/**
 * The two mechanisms that keep a run against a broken server bounded, as units: a method condemned
 * by a pathology on a well-formed request is not called again, and a delivery that is not JSON ends
 * a wait at once.
 */

/** A server that reads each request and never answers; counts what it got. */
async function silentServer(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => bodies.push(b));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function client(baseUrl: string): IutClient {
  return new IutClient({
    suite: 'operator-api',
    baseUrl,
    timeoutMs: 200,
    maxBodyBytes: 1024 * 1024,
    redactor: new Redactor(),
    validators: validatorsFor('operator-api'),
    log: () => undefined,
  });
}

test.afterEach(() => forgetBrokenMethods());

test('a method that timed out on a well-formed request fails at once afterwards, and is not called again', async () => {
  const s = await silentServer();
  try {
    const api = client(s.url);
    const first = await api.call('selectDestination', { body: { userId: 'u1', destinationId: 'd1' } });
    expect(first.error).toBe('no complete answer within 200 ms');
    const second = await api.call('selectDestination', { body: { userId: 'u2', destinationId: 'd1' } });
    expect(second.error).toBe('selectDestination did not answer in 200 ms in an earlier check; not retried');
    expect(s.bodies.length).toBe(1);
    // Another method of the same server is still tried.
    const other = await api.call('sendText', { body: { userId: 'u1', text: 'hi' } });
    expect(other.error).toBe('no complete answer within 200 ms');
  } finally {
    await s.close();
  }
});

for (const [label, opts] of [
  ['a malformed body', { raw: '{"userId": ' }],
  ['a body lacking a mandatory field', { body: { userId: 'u1' } }],
  ['a capped wait the caller chose (long polling)', { body: { userId: 'u1', destinationId: 'd1' }, timeoutMs: 100 }],
] as const) {
  test(`a timeout on ${label} does not condemn the method`, async () => {
    const s = await silentServer();
    try {
      const api = client(s.url);
      await api.call('selectDestination', opts);
      const again = await api.call('selectDestination', { body: { userId: 'u2', destinationId: 'd1' } });
      expect(again.error).toBe('no complete answer within 200 ms');
      expect(s.bodies.length).toBe(2);
    } finally {
      await s.close();
    }
  });
}

test('a wait for a JSON delivery ends at once when a form-encoded body arrives on the webhook', async () => {
  const r = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
  try {
    r.endpoint('webhook', '/hook');
    const w = new DeliveryWatcher(r, { timeoutMs: 5000, redactor: new Redactor(), log: () => undefined, triggerAtMs: () => undefined });
    const waiting = w.waitFor((d) => (d.json as { userId?: string } | undefined)?.userId === 'u1', 'the TextMessage for u1');
    await r.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'userId=u1&type=TextMessage' });
    // Had it waited out the budget, the message would say "did not arrive within 5000 ms".
    const err = await waiting.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CheckFailure);
    expect((err as Error).message).toBe(
      'while waiting for the TextMessage for u1, a delivery arrived on /hook but is application/x-www-form-urlencoded, not JSON ("userId=u1&type=TextMessage")',
    );
  } finally {
    await r.close();
  }
});

test('a delivery without a body (a GET) does not end a wait', async () => {
  const r = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
  try {
    r.endpoint('webhook', '/hook', { methods: ['GET', 'POST'] });
    const w = new DeliveryWatcher(r, { timeoutMs: 300, redactor: new Redactor(), log: () => undefined, triggerAtMs: () => undefined });
    const waiting = w.waitFor((d) => d.isJson, 'a JSON delivery');
    await r.inject({ method: 'GET', url: '/hook' });
    const err = await waiting.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/^a JSON delivery did not arrive within 300 ms/);
  } finally {
    await r.close();
  }
});
