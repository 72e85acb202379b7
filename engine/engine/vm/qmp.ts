/**
 * A small QMP client (QEMU's JSON control protocol) on QEMU's private unix
 * socket: commands in order, one reply each; events are ignored.
 */
import { connect, type Socket } from 'node:net';
import { sleep } from '../../util/fs.js';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class Qmp {
  private buffer = '';
  private readonly pending: Pending[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('close', () => {
      for (const p of this.pending.splice(0)) p.reject(new Error('QEMU closed its control socket.'));
    });
    socket.on('error', () => undefined);
  }

  /** Connect (retrying while QEMU creates the socket) and leave capabilities negotiation done. */
  static async connect(path: string, timeoutMs = 10_000): Promise<Qmp> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(path, () => resolve(s));
          s.once('error', reject);
        });
        const qmp = new Qmp(socket);
        await qmp.execute('qmp_capabilities');
        return qmp;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`QEMU's control socket ${path} did not answer: ${(err as Error).message}`);
        await sleep(50);
      }
    }
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { QMP?: unknown; event?: string; return?: unknown; error?: { desc?: string } };
      if (msg.QMP || msg.event) continue;
      const p = this.pending.shift();
      if (!p) continue;
      if (msg.error) p.reject(new Error(msg.error.desc ?? 'QMP error'));
      else p.resolve(msg.return);
    }
  }

  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed) return reject(new Error('QEMU closed its control socket.'));
      this.pending.push({ resolve, reject });
      this.socket.write(JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n');
    });
  }

  /** A monitor command (e.g. hostfwd_add); resolves with its text, which is empty on success. */
  async human(commandLine: string): Promise<string> {
    return String((await this.execute('human-monitor-command', { 'command-line': commandLine })) ?? '').trim();
  }

  close(): void {
    this.socket.destroy();
  }
}
