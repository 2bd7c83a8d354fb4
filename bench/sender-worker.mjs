import { parentPort, workerData } from 'node:worker_threads';
import http from 'node:http';

/**
 * A load generator thread for the receiver benchmark: `concurrency` loops posting JSON events over
 * keep-alive connections to a loopback URL until `total` have been sent. Runs in its own thread so
 * that sending does not share an event loop with the receiver being measured.
 */
// Plain JavaScript: a worker thread does not inherit the tsx loader of its parent.
const { url, total, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
let next = 0;
let failed = 0;

function post(i) {
  const body = JSON.stringify({
    id: `evt-${i}`,
    userId: `user-${i % 997}`,
    type: 'TextMessage',
    text: `message number ${i} — ünïcødé 👍`,
    employee: { employeeId: 'e1', firstName: 'Ada', lastName: 'Agent', avatarUrl: 'http://127.0.0.1/a.png' },
  });
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        if (res.statusCode !== 200) failed++;
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', () => {
      failed++;
      resolve();
    });
    req.end(body);
  });
}

async function loop() {
  for (let i = next++; i < total; i = next++) await post(i);
}

const started = Date.now();
await Promise.all(Array.from({ length: concurrency }, loop));
agent.destroy();
parentPort.postMessage({ sent: total, failed, ms: Date.now() - started });
