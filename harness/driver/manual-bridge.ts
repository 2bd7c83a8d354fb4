/**
 * `--driver manual`: for an IUT without driver endpoints, a person performs each action a check
 * needs. This bridge runs in the CLI process (which owns the terminal) and serves the driver protocol
 * on loopback to the suites: each action becomes a prompt; the check then waits for the action's
 * effect (a delivery it recognises, see recognisers.ts) or for the person to press Enter to skip it.
 *
 *   POST {bridge}/<endpoint>        a driver action: prompt, answer 202 {actionId}
 *   GET  {bridge}/__actions/<id>    long poll (?waitMs=): {state: pending|done|skipped|expired}
 *   POST {bridge}/__actions/<id>/<state>   the suite reports done (effect seen) or expired
 * Reads of the driver protocol (what the agent sees) cannot be answered by a person: 404, and the
 * checks that need them are skipped.
 * @module
 */

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import readline from 'node:readline';
import type { AddressInfo } from 'node:net';
import { OBSERVABLE, driverEndpoint } from './protocol.ts';

type State = 'pending' | 'done' | 'skipped' | 'expired';

interface Action {
  id: string;
  endpoint: string;
  /** True when the suite recognises the effect by itself; false when the person confirms with Enter. */
  observable: boolean;
  state: State;
  waiters: Array<() => void>;
}

/** What the person is asked to do, in words, for an action of the driver protocol (its table's prompt). */
export function promptFor(endpoint: string, b: Record<string, unknown>): string | undefined {
  return driverEndpoint('POST', endpoint)?.manual?.prompt(b);
}

export class ManualBridge {
  private actions = new Map<string, Action>();
  private rl?: readline.Interface;

  private constructor(
    private server: http.Server,
    readonly url: string,
    private waitSeconds: number,
    private out: NodeJS.WritableStream,
  ) {}

  static async start(opts: { waitSeconds: number; input?: NodeJS.ReadableStream; out?: NodeJS.WritableStream }): Promise<ManualBridge> {
    const secret = randomBytes(16).toString('hex');
    let self!: ManualBridge;
    const server = http.createServer((req, res) => {
      self.handle(req, res, secret).catch(() => {
        res.statusCode = 400;
        res.end('{"error":"bad request"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new ManualBridge(server, `http://127.0.0.1:${port}/${secret}`, opts.waitSeconds, opts.out ?? process.stdout);
    const input = opts.input ?? process.stdin;
    self.rl = readline.createInterface({ input, terminal: false });
    self.rl.on('line', (line) => self.onLine(line));
    return self;
  }

  private say(text: string): void {
    this.out.write(`${text}\n`);
  }

  /** Enter: the oldest pending action is skipped (observable) or confirmed done (setting changes). */
  private onLine(line: string): void {
    const a = [...this.actions.values()].find((x) => x.state === 'pending');
    if (!a) return;
    const skip = a.observable || line.trim().toLowerCase() === 's';
    this.settle(a, skip ? 'skipped' : 'done');
    this.say(skip ? '  → skipped' : '  → done, going on');
  }

  private settle(a: Action, state: State): void {
    if (a.state !== 'pending') return;
    a.state = state;
    for (const w of a.waiters.splice(0)) w();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, secret: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const prefix = `/${secret}/`;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!url.pathname.startsWith(prefix)) return send(404, { error: 'not found' });
    const endpoint = url.pathname.slice(prefix.length);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};

    const m = /^__actions\/([0-9a-f]+)(?:\/(done|expired))?$/.exec(endpoint);
    if (m) {
      const a = this.actions.get(m[1]);
      if (!a) return send(404, { error: 'no such action' });
      if (req.method === 'POST' && m[2]) {
        this.settle(a, m[2] as State);
        this.say(m[2] === 'done' ? '  ✓ seen, going on' : `  → nothing seen within ${this.waitSeconds} s; skipped`);
        return send(200, { state: a.state });
      }
      const waitMs = Math.min(Number(url.searchParams.get('waitMs') ?? 0) || 0, 30_000);
      if (a.state === 'pending' && waitMs > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, waitMs);
          a.waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return send(200, { state: a.state });
    }

    const prompt = req.method === 'POST' ? promptFor(endpoint, body) : undefined;
    if (!prompt) return send(404, { error: 'not possible by hand' });
    const a: Action = { id: randomBytes(6).toString('hex'), endpoint, observable: OBSERVABLE.has(endpoint), state: 'pending', waiters: [] };
    this.actions.set(a.id, a);
    const how = a.observable ? `Waiting up to ${this.waitSeconds} s, press Enter to skip` : 'Press Enter when done (s then Enter to skip)';
    this.say(`\n>>> ${prompt}. ${how}.`);
    return send(202, { actionId: a.id, observable: a.observable });
  }

  async close(): Promise<void> {
    this.rl?.close();
    for (const a of this.actions.values()) this.settle(a, 'expired');
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
