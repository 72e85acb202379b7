/**
 * A tiny DNS server for tests (UDP, in this process): answers A queries for
 * the names it is given, NXDOMAIN for other names, and no records for other
 * types of a known name. Enough for a resolver inside a container (busybox
 * nslookup, glibc) to resolve a test host by name.
 *
 *   const dns = await startDnsResponder('127.0.0.77', { 'far.berth.test': far.ip });
 *   await dns.stop();
 */
import { createSocket } from 'node:dgram';

export interface DnsResponder {
  readonly address: string;
  readonly port: number;
  /** How many queries it answered. */
  readonly queries: () => number;
  stop(): Promise<void>;
}

/** Pure: the question of a DNS query: its name (lower case), type, and where the question section ends. */
export function readQuestion(msg: Buffer): { name: string; type: number; end: number } | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at]!;
    if (len > 63 || at + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(at + 1), end: at + 5 };
}

/** Pure: the reply to a query, from the names and their IPv4 addresses. */
export function answer(query: Buffer, records: Readonly<Record<string, string>>): Buffer | undefined {
  const q = readQuestion(query);
  if (!q) return undefined;
  const ip = records[q.name];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // A response, recursion desired and available, NXDOMAIN for an unknown name.
  header.writeUInt16BE(0x8180 | (query.readUInt16BE(2) & 0x0100) | (ip ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  const withA = !!ip && q.type === 1;
  header.writeUInt16BE(withA ? 1 : 0, 6);
  const parts = [header, query.subarray(12, q.end)];
  if (withA) {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    rr.writeUInt16BE(1, 2); // A
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6); // TTL
    rr.writeUInt16BE(4, 10);
    ip.split('.').forEach((b, i) => rr.writeUInt8(Number(b), 12 + i));
    parts.push(rr);
  }
  return Buffer.concat(parts);
}

/** Serve `records` on UDP `address`:`port` (53 by default). */
export function startDnsResponder(address: string, records: Readonly<Record<string, string>>, port = 53): Promise<DnsResponder> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', (msg, from) => {
    const reply = answer(msg, records);
    if (!reply) return;
    count++;
    socket.send(reply, from.port, from.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () =>
      resolve({
        address,
        port,
        queries: () => count,
        stop: () => new Promise<void>((res) => socket.close(() => res())),
      }),
    );
  });
}
