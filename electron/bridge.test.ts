import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { socketCarrier } from '../engine/rpc/node-carriers.js';
import { bridgePort, type BridgeEnd, type BridgePort } from './bridge.js';

/** Stands in for MessagePortMain: what the page sends is emitted, what the bridge posts is recorded. */
class FakePort extends EventEmitter implements BridgePort {
  readonly posted: string[] = [];
  started = false;
  closed = false;
  postMessage(message: string): void {
    this.posted.push(message);
    this.emit('posted');
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  send(data: unknown): void {
    this.emit('message', { data, ports: [] });
  }
}

let dir: string;
let server: Server | undefined;
afterEach(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A control socket that records lines and hands out its connections. */
async function backend(): Promise<{ path: string; lines: string[]; next: () => Promise<Socket> }> {
  dir = mkdtempSync(join(tmpdir(), 'berth-bridge-'));
  const path = join(dir, 'berth.sock');
  const lines: string[] = [];
  const conns: Socket[] = [];
  server = createServer((s) => {
    conns.push(s);
    s.setEncoding('utf8');
    let buf = '';
    s.on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  });
  server.listen(path);
  await once(server, 'listening');
  return {
    path,
    lines,
    next: async () => {
      while (!conns.length) await new Promise((r) => setTimeout(r, 5));
      return conns.shift()!;
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('bridgePort', () => {
  it('relays frames both ways, one line per message', async () => {
    const b = await backend();
    const port = new FakePort();
    bridgePort(port, socketCarrier(connect(b.path)));
    expect(port.started).toBe(true);
    const conn = await b.next();
    port.send('{"t":"call","id":1,"method":"engine.status","input":{}}');
    await until(() => b.lines.length === 1);
    expect(b.lines[0]).toBe('{"t":"call","id":1,"method":"engine.status","input":{}}');
    conn.write('{"t":"result","id":1,"value":1}\n{"t":"next"');
    conn.write(',"id":2,"value":2}\n');
    await until(() => port.posted.length === 2);
    expect(port.posted).toEqual(['{"t":"result","id":1,"value":1}', '{"t":"next","id":2,"value":2}']);
  });

  it('refuses messages that are not one line of text, without passing them on', async () => {
    const b = await backend();
    const port = new FakePort();
    bridgePort(port, socketCarrier(connect(b.path)));
    await b.next();
    port.send('{"t":"call"}\n{"t":"cancel","id":1}');
    port.send({ t: 'call' });
    port.send('{"t":"cancel","id":3}');
    await until(() => b.lines.length === 1);
    expect(b.lines).toEqual(['{"t":"cancel","id":3}']);
    expect(port.posted).toHaveLength(2);
    expect(JSON.parse(port.posted[0]!)).toMatchObject({ t: 'error', id: null, error: { code: 'bad_request' } });
  });

  it('refuses internal methods from the page (the data key is the main process’s to hand over)', async () => {
    const b = await backend();
    const port = new FakePort();
    bridgePort(port, socketCarrier(connect(b.path)));
    await b.next();
    const key = Buffer.alloc(32, 1).toString('base64');
    port.send(JSON.stringify({ t: 'call', id: 7, method: 'secrets.provideKey', input: { key } }));
    port.send('{"t":"call","id":8,"method":"registries.list","input":{}}');
    await until(() => b.lines.length === 1 && port.posted.length === 1);
    expect(b.lines).toEqual(['{"t":"call","id":8,"method":"registries.list","input":{}}']);
    expect(JSON.parse(port.posted[0]!)).toMatchObject({
      t: 'error',
      id: 7,
      error: { code: 'bad_request', message: 'secrets.provideKey is for the Berth app itself; a page may not call it.' },
    });
  });

  it('closes the port when the backend side closes', async () => {
    const b = await backend();
    const port = new FakePort();
    const ends: BridgeEnd[] = [];
    const bridge = bridgePort(port, socketCarrier(connect(b.path)), (e) => ends.push(e));
    (await b.next()).destroy();
    await until(() => port.closed);
    expect(ends).toEqual(['backend']);
    expect(bridge.closed).toBe(true);
  });

  it('closes the backend connection when the page side closes', async () => {
    const b = await backend();
    const port = new FakePort();
    const ends: BridgeEnd[] = [];
    bridgePort(port, socketCarrier(connect(b.path)), (e) => ends.push(e));
    const conn = await b.next();
    port.emit('close');
    await once(conn, 'end');
    expect(ends).toEqual(['page']);
  });

  it('reports a close by the desktop app once, as the app', async () => {
    const b = await backend();
    const port = new FakePort();
    const ends: BridgeEnd[] = [];
    const bridge = bridgePort(port, socketCarrier(connect(b.path)), (e) => ends.push(e));
    await b.next();
    bridge.close();
    port.emit('close');
    await new Promise((r) => setTimeout(r, 30));
    expect(ends).toEqual(['app']);
    expect(port.closed).toBe(true);
  });
});
