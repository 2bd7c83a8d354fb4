import { test, expect } from '@playwright/test';
import nock from 'nock';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpRequest } from '../../harness/http/http-client.ts';
import { Redactor } from '../../harness/secrets/redactor.ts';

/**
 * The IUT client survives whatever a broken server does, and says what happened in one sentence.
 * nock stands in for the server where it can (HTML pages, garbage, redirects, resets); a real
 * loopback socket where timing is the point (a trickle).
 */
const BASE = 'http://iut.test';

test.beforeAll(() => nock.disableNetConnect());
test.afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function redactor() {
  const r = new Redactor();
  r.add('SECRET-TOKEN-123', '$TOKEN');
  return r;
}

const base = { timeoutMs: 2000, maxBodyBytes: 1024 * 1024 };

test('parses a JSON answer and captures redacted evidence with a curl line', async () => {
  nock(BASE).post('/chatapi/SECRET-TOKEN-123').reply(200, { ok: true, token: 'SECRET-TOKEN-123' });
  const res = await httpRequest(
    { ...base, method: 'POST', url: `${BASE}/chatapi/SECRET-TOKEN-123`, json: { a: 1 }, headers: { authorization: 'Token SECRET-TOKEN-123' } },
    redactor(),
  );
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ ok: true, token: 'SECRET-TOKEN-123' });
  const ev = JSON.stringify(res.evidence);
  expect(ev).not.toContain('SECRET-TOKEN-123');
  expect(res.evidence.curl).toContain('$TOKEN');
  expect(res.evidence.request.headers.authorization).toBe('Token <redacted>');
});

test('an HTML 502 page is an answer whose body is not JSON', async () => {
  nock(BASE).get('/x').reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' });
  const res = await httpRequest({ ...base, method: 'GET', url: `${BASE}/x` }, redactor());
  expect(res.status).toBe(502);
  expect(res.isJson).toBe(false);
  expect(res.jsonError).toMatch(/not JSON/);
  expect(res.error).toBeUndefined();
});

test('truncated JSON and invalid UTF-8 are reported, not thrown', async () => {
  nock(BASE).get('/t').reply(200, '{"a": [1, 2');
  nock(BASE)
    .get('/u')
    .reply(200, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  const t = await httpRequest({ ...base, method: 'GET', url: `${BASE}/t` }, redactor());
  expect(t.jsonError).toMatch(/not JSON/);
  const u = await httpRequest({ ...base, method: 'GET', url: `${BASE}/u` }, redactor());
  expect(u.jsonError).toBe('the body is not valid UTF-8');
});

test('a body over the cap is cut off with one sentence', async () => {
  nock(BASE).get('/big').reply(200, 'x'.repeat(300_000));
  const res = await httpRequest({ ...base, maxBodyBytes: 100_000, method: 'GET', url: `${BASE}/big` }, redactor());
  expect(res.error).toBe('the response body exceeded 100000 bytes and was not read further');
  expect(res.evidence.response?.truncated).toBe(true);
});

test('a redirect is never followed', async () => {
  const other = nock('http://elsewhere.test').get('/').reply(200, 'must not be reached');
  nock(BASE).get('/r').reply(302, '', { location: 'http://elsewhere.test/' });
  const res = await httpRequest({ ...base, method: 'GET', url: `${BASE}/r` }, redactor());
  expect(res.status).toBe(302);
  expect(res.error).toBe('the server answered 302, a redirect to http://elsewhere.test/, which the suite does not follow');
  expect(other.isDone()).toBe(false);
  nock.cleanAll();
});

test('a reset connection is reported as such', async () => {
  nock.enableNetConnect('127.0.0.1');
  const server = http.createServer((req) => req.socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const res = await httpRequest({ ...base, method: 'GET', url: `http://127.0.0.1:${port}/` }, redactor());
  expect(res.error).toBe('the connection was reset by the server');
  await new Promise((r) => server.close(r));
  nock.disableNetConnect();
});

test('a server that never answers is cut at the timeout', async () => {
  nock(BASE).get('/slow').delay(5000).reply(200, {});
  const res = await httpRequest({ ...base, timeoutMs: 200, method: 'GET', url: `${BASE}/slow` }, redactor());
  expect(res.error).toBe('no complete answer within 200 ms');
  nock.abortPendingRequests();
});

test('a trickling server (one byte at a time) is cut at the timeout', async () => {
  nock.enableNetConnect('127.0.0.1');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const t = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const res = await httpRequest({ ...base, timeoutMs: 400, method: 'GET', url: `http://127.0.0.1:${port}/` }, redactor());
  expect(res.error).toBe('no complete answer within 400 ms');
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  nock.disableNetConnect();
});

test('a refused connection is reported as such', async () => {
  nock.enableNetConnect('127.0.0.1');
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  const res = await httpRequest({ ...base, method: 'GET', url: `http://127.0.0.1:${port}/` }, redactor());
  expect(res.error).toBe('the connection was refused');
  nock.disableNetConnect();
});
