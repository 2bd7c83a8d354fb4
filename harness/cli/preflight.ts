/**
 * Checks made before a run, so that a run that cannot be made ends with exit 2 and one line
 * (README, "Exit codes") instead of a report full of identical failures.
 * @module
 */

import net from 'node:net';

/** Can a TCP connection be opened to the URL's host and port at all? Returns the reason if not. */
export function probeConnect(url: string, timeoutMs = 5000): Promise<string | undefined> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason?: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no connection could be opened within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') done('the connection was refused');
      else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') done('the host name could not be resolved');
      else done(`no connection could be opened (${e.code ?? e.message})`);
    });
  });
}

/** Is the receiver port free on that host? Returns the reason if not. */
export function probeListen(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      resolve(
        e.code === 'EADDRINUSE' ? `the receiver port ${port} is already taken` : `the receiver cannot listen on ${host}:${port} (${e.code ?? e.message})`,
      ),
    );
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
