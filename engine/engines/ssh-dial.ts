/**
 * HTTP to an engine over ssh through one kept-open ssh connection: each HTTP socket is an
 * exec channel running `docker system dial-stdio` on the far side, and finished sockets are
 * kept for the next request (keep-alive). docker-modem's own ssh mode makes a new ssh
 * connection, handshake and all, for every request: about 0.7 s a call here.
 */
import { Agent, type AgentOptions, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';

/** The far side's command that joins a channel to its engine's socket. */
export const DIAL_COMMAND = 'docker system dial-stdio';

/**
 * An ssh channel standing in for a TCP socket: the socket methods Node's HTTP client and agent
 * call are no-ops (ssh keeps its own keepalive; time limits are the callers' own timers).
 */
function asSocket(ch: ClientChannel): Duplex {
  const s = ch as ClientChannel & Record<string, unknown>;
  const self = () => ch;
  for (const m of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref']) if (typeof s[m] !== 'function') s[m] = self;
  // Errors reach the HTTP request through its own listener; before it has one they must not be unhandled.
  ch.on('error', () => undefined);
  return ch;
}

export class SshDialAgent extends Agent {
  private client: Client | undefined;
  private ready: Promise<Client> | undefined;
  private closed = false;

  constructor(
    private readonly config: ConnectConfig,
    options: AgentOptions = {},
  ) {
    super({ keepAlive: true, maxFreeSockets: 4, ...options });
  }

  /** The ssh connection, made on first use and again after it closed. */
  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('The connection to this engine was closed.'));
    if (this.ready) return this.ready;
    const client = new Client();
    this.client = client;
    const ready = new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.on('error', (err) => {
        if (this.client === client) this.forget();
        reject(err);
      });
      client.once('close', () => {
        if (this.client === client) this.forget();
        reject(new Error('The ssh connection closed.'));
      });
    });
    this.ready = ready;
    // A rejection nobody awaits (the connection dropped while idle) is not an error of anyone's.
    ready.catch(() => undefined);
    client.connect({ keepaliveInterval: 15_000, ...this.config });
    return ready;
  }

  private forget(): void {
    this.client = undefined;
    this.ready = undefined;
  }

  override createConnection(_options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    // No stream goes with an error: Node's agent reads only the error then.
    const done = (err: Error | null, stream?: Duplex) => callback?.(err, stream as Duplex);
    this.connection().then(
      (client) =>
        client.exec(DIAL_COMMAND, (err, ch) => {
          if (err) {
            // A connection that cannot open channels any more is made again by the next request.
            if (this.client === client) {
              this.forget();
              client.end();
            }
            done(err);
          } else done(null, asSocket(ch));
        }),
      (err: Error) => done(err),
    );
    return undefined;
  }

  /** Close the free sockets and the ssh connection; later requests fail. */
  override destroy(): void {
    this.closed = true;
    super.destroy();
    this.client?.end();
    this.forget();
  }
}
