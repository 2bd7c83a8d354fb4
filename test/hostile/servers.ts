/**
 * Hostile targets for the self-tests: small loopback servers that behave like an Operator API IUT
 * (they pass every request on to the bundled reference, so getDestinations, the webhook events and
 * the driver all work) except for ONE pathology on ONE method. The suite must survive each, fail the
 * affected checks with one sentence naming what happened, and still run the others.
 * @module
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReference } from '../../reference/index.ts';
import type { StartedReference } from '../../reference/types.ts';

export type Pathology =
  | 'hang' // (a) never answers
  | 'huge-body' // (b) a 20 MB body
  | 'html-502' // (c) an HTML 502 page, as a proxy in front of a dead backend answers
  | 'reset' // (d) resets the connection
  | 'trickle' // (e) one byte per second
  | 'invalid-utf8' // (f) a body that is not UTF-8
  | 'truncated-json' // (f) JSON cut off in the middle
  | 'redirect' // (g) a redirect to another host
  | 'form-events'; // (h) agent events posted form-encoded instead of JSON (struck method: setWebhook)

/** The Operator API method each pathology strikes (the last path segment of the request). */
export const STRUCK_METHOD: Record<Pathology, string> = {
  hang: 'sendText',
  'huge-body': 'getDestinations',
  'html-502': 'selectDestination',
  reset: 'sendFile',
  trickle: 'closeChat',
  'invalid-utf8': 'getDestinations',
  'truncated-json': 'getDestinations',
  redirect: 'sendText',
  'form-events': 'setWebhook',
};

export const HUGE_BODY_BYTES = 20 * 1024 * 1024;

export interface HostileTarget {
  pathology: Pathology;
  method: string;
  /** --target */
  target: string;
  /** --driver: the reference's own driver (the pathology is in the API, not in the driver). */
  driver: string;
  /** How many requests the struck method received. */
  struck(): number;
  /** The bodies of those requests, in order (raw text). */
  struckBodies(): string[];
  /** Connections the "other host" of a redirect received: must stay 0. */
  otherHostConnections(): number;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function shut(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Pass a request on to the reference unchanged, and its answer back. */
function proxy(ref: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
  const upstream = http.request({ host: ref.hostname, port: ref.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('proxy error');
  });
  req.pipe(upstream);
}

/** Read the whole request body first (a server that has read the request, then misbehaves). */
function afterBody(req: http.IncomingMessage, then: () => void): void {
  req.on('data', () => undefined);
  req.on('end', then);
  req.on('error', () => undefined);
}

function bodyOf(req: http.IncomingMessage, keep: (text: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => keep(Buffer.concat(chunks).toString('utf8')));
}

/** `method` defaults to the one STRUCK_METHOD names; any Operator API method can be struck. */
export async function startHostile(pathology: Pathology, method = STRUCK_METHOD[pathology]): Promise<HostileTarget> {
  const ref: StartedReference = await startReference('operator-api');
  const refUrl = new URL(ref.target);
  let struck = 0;
  const bodies: string[] = [];
  const timers = new Set<NodeJS.Timeout>();

  // (g) "another host": a server the suite must never reach. It would answer like the real thing,
  // so that following the redirect would make the check pass; only the connection count tells.
  let otherConnections = 0;
  const other = http.createServer((req, res) => proxy(refUrl, req, res));
  other.on('connection', () => otherConnections++);
  const otherPort = await listen(other);

  const misbehave = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.on('error', () => undefined);
    switch (pathology) {
      case 'hang':
        afterBody(req, () => undefined); // read the request, answer nothing, keep the socket open
        return;
      case 'huge-body': {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE_BODY_BYTES) });
        const head = Buffer.from('{"destinations":[{"destinationId":"1","name":"Support","hasOnline":true}],"padding":"');
        const tail = Buffer.from('"}');
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let left = HUGE_BODY_BYTES - head.length - tail.length;
        res.write(head);
        const pump = (): void => {
          while (left > 0 && !res.destroyed) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end(tail);
        };
        pump();
        return;
      }
      case 'html-502':
        afterBody(req, () => {
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end(
            '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n',
          );
        });
        return;
      case 'reset':
        afterBody(req, () => req.socket.resetAndDestroy());
        return;
      case 'trickle':
        afterBody(req, () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          const body = `${' '.repeat(58)}{}`;
          let i = 0;
          const timer = setInterval(() => {
            if (res.destroyed || i >= body.length) {
              clearInterval(timer);
              timers.delete(timer);
              if (!res.destroyed) res.end();
              return;
            }
            res.write(body[i++]);
          }, 1000);
          timers.add(timer);
        });
        return;
      case 'invalid-utf8':
        afterBody(req, () => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          // {"destinations":[{"destinationId":"1","name":"<0xff 0xfe 0xc3>","hasOnline":true}]}
          res.end(
            Buffer.concat([
              Buffer.from('{"destinations":[{"destinationId":"1","name":"'),
              Buffer.from([0xff, 0xfe, 0xc3]),
              Buffer.from('","hasOnline":true}]}'),
            ]),
          );
        });
        return;
      case 'truncated-json':
        afterBody(req, () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"destinations":[{"destinationId":"1","name":"Supp');
        });
        return;
      case 'form-events':
        bodyOf(req, (text) => {
          // Tell the reference to post to our relay; remember where the suite wanted the events.
          let url: unknown;
          try {
            url = (JSON.parse(text) as { url?: unknown }).url;
          } catch {
            url = undefined;
          }
          if (typeof url !== 'string') {
            res.writeHead(400).end();
            return;
          }
          const relayId = String(relays.push(url) - 1);
          const body = JSON.stringify({ url: `http://127.0.0.1:${ownPort()}/__relay/${relayId}` });
          const up = http.request(
            {
              host: refUrl.hostname,
              port: refUrl.port,
              method: 'POST',
              path: `${refUrl.pathname.replace(/\/$/, '')}/setWebhook`,
              headers: { 'content-type': 'application/json' },
              agent: false,
            },
            (r) => {
              res.writeHead(r.statusCode ?? 502, r.headers);
              r.pipe(res);
            },
          );
          up.on('error', () => res.writeHead(502).end());
          up.end(body);
        });
        return;
      case 'redirect':
        afterBody(req, () => {
          res.writeHead(307, { location: `http://127.0.0.1:${otherPort}${req.url}`, 'content-type': 'text/plain' });
          res.end('Temporary Redirect');
        });
        return;
    }
  };

  // (h) where the suite asked for events, by relay id; each event is re-posted there form-encoded.
  const relays: string[] = [];
  let port = 0;
  const ownPort = () => port;
  const relay = (id: string, req: http.IncomingMessage, res: http.ServerResponse) => {
    bodyOf(req, (text) => {
      res.writeHead(200).end();
      const target = relays[Number(id)];
      if (!target) return;
      let event: Record<string, unknown> = {};
      try {
        event = JSON.parse(text) as Record<string, unknown>;
      } catch {
        /* forwarded empty */
      }
      const form = new URLSearchParams(Object.entries(event).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
      const u = new URL(target);
      const out = http.request({
        host: u.hostname,
        port: u.port,
        method: 'POST',
        path: u.pathname + u.search,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        agent: false,
      });
      out.on('response', (r) => r.resume());
      out.on('error', () => undefined);
      out.end(form);
    });
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const relayed = /^\/__relay\/(\d+)$/.exec(path);
    if (relayed) {
      relay(relayed[1], req, res);
      return;
    }
    if (path.split('/').pop() === method) {
      struck++;
      const i = bodies.push('') - 1;
      bodyOf(req, (text) => (bodies[i] = text));
      misbehave(req, res);
      return;
    }
    proxy(refUrl, req, res);
  });
  port = await listen(server);

  return {
    pathology,
    method,
    target: `http://127.0.0.1:${port}`,
    driver: ref.driver,
    struck: () => struck,
    struckBodies: () => [...bodies],
    otherHostConnections: () => otherConnections,
    close: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all([shut(server), shut(other)]);
      await ref.close();
    },
  };
}
