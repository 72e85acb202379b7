/**
 * Generated requests for the web host fuzz test: raw HTTP request lines and
 * headers, WebSocket handshakes and hand-built WebSocket frames, all drawn
 * from a seeded generator so a failing batch can be replayed byte for byte.
 */
import { Rng } from '../util/rng.js';
/** One thing sent to the host: bytes written in order, then how the client leaves. */
export interface FuzzCase {
  /** What was generated, for the failure message. */
  readonly label: string;
  readonly chunks: readonly Buffer[];
  /** read: read until the host closes or goes quiet; reset: RST at once; half: end our side, then read. */
  readonly ending: 'read' | 'reset' | 'half';
}

export interface Target {
  readonly port: number;
  readonly token: string;
}

const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'PRI', 'get', 'BREW', 'G\u00c9T'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/9.9', 'HTTP/1.1 extra', ''];
const SPECIAL_PATHS = [
  '/',
  '/index.html',
  '/rpc',
  '/%',
  '/%E0%A4%A',
  '/%zz',
  '/%00',
  '/%C0%AF',
  '/%ED%A0%80',
  '/a%',
  '/%%',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc/passwd',
  '/../../etc/passwd',
  '//',
  '///',
  '/\\',
  '/\\\\evil',
  '*',
  '/?',
  '/?%',
  '/#frag',
  '/.',
  '/..',
  '/index.html%00.js',
  '/\u00e9',
  '/\u{1F4A5}',
  '/\ud800',
  '/%F0%9F%92%A5',
  '/\u0000',
  '/a\tb',
  '/rpc/',
  '/RPC',
  '/rpc%3Ftoken=x',
  '/rpc?token=%',
  '/rpc?token=%E0%A4%A',
];
/** Inputs as JSON text (so keys such as __proto__ arrive as written). */
const JSON_INPUTS = [
  'null',
  'true',
  '0',
  '-1',
  '1e308',
  '"x"',
  '""',
  '[]',
  '{}',
  '{"a":1}',
  '[[[[]]]]',
  '"é💥"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{}}}',
  '{"lines":0}',
  '{"lines":5}',
  '{"key":"AAAA"}',
  '{"upper":true}',
];
/** Methods a fuzzed page may call: harmless ones, internal ones (refused from a page), and names no method has. */
const CALLABLE = [
  'backend.hello',
  'engine.status',
  'engine.logs',
  'engine.check',
  'settings.vm',
  'registries.list',
  'rpc.echo',
  'secrets.provideKey',
  'secrets.keychainUnavailable',
  'backend.handover',
  'no.such',
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'backend.hello\n',
  'backend.hello ',
  'BACKEND.HELLO',
  'x'.repeat(101),
];

function randomPath(r: Rng, t: Target): string {
  switch (r.int(0, 7)) {
    case 0:
    case 1:
      return r.pick(SPECIAL_PATHS);
    case 2: {
      // Percent-escapes, some broken.
      let p = '/';
      for (let i = r.int(1, 12); i > 0; i--) {
        p += r.pick([
          () => `%${r.int(0, 255).toString(16).padStart(2, '0')}`,
          () => `%${r.int(0, 15).toString(16)}`,
          () => '%',
          () => `%${r.pick(['g', 'Z', '%', '/'])}${r.int(0, 9)}`,
          () => r.pick(['a', '/', '.', '..', '?', '&', '=', ';', '+']),
        ])();
      }
      return p;
    }
    case 3:
      return '/' + 'a/'.repeat(r.int(1, 20_000));
    case 4:
      return r.pick([
        `http://127.0.0.1:${t.port}/`,
        `http://evil.example/rpc?token=${t.token}`,
        'http://',
        'http://[',
        `https://localhost:${t.port}/index.html`,
        'ws://127.0.0.1/rpc',
        'mailto:x',
        'a:b',
        '//evil.example/x',
      ]);
    case 5:
      return `/rpc?token=${r.pick([t.token, '', 'guess', t.token + 'x', encodeURIComponent(t.token), `${t.token}&token=x`, '%'])}`;
    case 6:
      return '/' + r.bytes(r.int(1, 30)).toString('latin1');
    default:
      return `${r.pick(SPECIAL_PATHS)}${r.pick(SPECIAL_PATHS)}`;
  }
}

function randomHeaders(r: Rng, t: Target): string[] {
  const own = [`127.0.0.1:${t.port}`, `localhost:${t.port}`, `LOCALHOST:${t.port}`];
  const headers: string[] = [];
  const host = r.int(0, 9);
  if (host < 6) headers.push(`Host: ${r.pick(own)}`);
  else if (host === 6) headers.push(`Host: ${r.pick(['evil.example', `rebind.example:${t.port}`, '', `127.0.0.1:${t.port + 1}`, '[::1', 'x'.repeat(9000)])}`);
  else if (host === 7) headers.push(`Host: ${r.pick(own)}`, `Host: evil.example`);
  const origin = r.int(0, 9);
  if (origin < 3) headers.push(`Origin: http://${r.pick(own)}`);
  else if (origin < 6)
    headers.push(`Origin: ${r.pick(['null', 'http://evil.example', `https://127.0.0.1:${t.port}`, 'file://', '', 'http://127.0.0.1', '%', 'x'.repeat(5000)])}`);
  else if (origin === 6) headers.push(`Origin: http://${r.pick(own)}`, 'Origin: http://evil.example');
  for (let i = r.int(0, 3); i > 0; i--) {
    headers.push(
      r.pick([
        () =>
          `X-Fuzz: ${r
            .bytes(r.int(0, 40))
            .toString('latin1')
            .replace(/[\r\n]/g, '')}`,
        () => `X-Huge: ${'h'.repeat(r.int(8_000, 70_000))}`,
        () => Array.from({ length: r.int(50, 3000) }, (_, k) => `X-Many-${k}: ${k}`).join('\r\n'),
        () => 'Content-Length: 5',
        () => 'Content-Length: -1',
        () => 'Content-Length: 99999999999999999999',
        () => 'Transfer-Encoding: chunked',
        () => 'Expect: 100-continue',
        () => 'Connection: keep-alive',
        () => 'Cookie: a=b',
        () => 'Bad Header: x',
        () => ': no name',
        () => 'X-NUL: a\u0000b',
        () => 'X-Folded: a\r\n b',
        () => `Authorization: Bearer ${t.token}`,
      ])(),
    );
  }
  return headers;
}

/** A plain HTTP request (or several pipelined), often malformed. */
export function httpCase(r: Rng, t: Target): FuzzCase {
  const n = r.chance(0.15) ? r.int(2, 4) : 1;
  const chunks: Buffer[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const method = r.pick(METHODS);
    const path = randomPath(r, t);
    const version = r.pick(VERSIONS);
    const headers = randomHeaders(r, t);
    const eol = r.chance(0.9) ? '\r\n' : r.pick(['\n', '\r', '']);
    const body = r.chance(0.2) ? r.bytes(r.int(0, 64)).toString('latin1') : '';
    chunks.push(Buffer.from(`${method} ${path}${version ? ' ' + version : ''}${eol}${headers.join(eol)}${eol}${eol}${body}`));
    labels.push(
      `${method} ${path.slice(0, 60)}${path.length > 60 ? `…(${path.length})` : ''} ${version} [${headers
        .map((h) => h.slice(0, 24))
        .join(' | ')
        .slice(0, 120)}]`,
    );
  }
  return { label: `http: ${labels.join(' ; ')}`, chunks, ending: r.pick(['read', 'read', 'read', 'half', 'reset']) };
}

/** A WebSocket frame as a client might (mis)build it. */
export function rawFrame(opcode: number, payload: Buffer, o: { fin?: boolean; mask?: boolean; rsv?: number; lieLength?: number; key?: Buffer } = {}): Buffer {
  const fin = o.fin ?? true;
  const mask = o.mask ?? true;
  const len = o.lieLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | (opcode & 0x0f)];
  let ext = Buffer.alloc(0);
  if (len < 126) head.push((mask ? 0x80 : 0) | len);
  else if (len < 65536) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  const key = mask ? (o.key ?? Buffer.from([0x5a, 0x13, 0xc4, 0x7e])) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (mask && key.some((b) => b !== 0)) for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

function callJson(r: Rng, id: number): string {
  const input = r.chance(0.4) ? '{}' : r.pick(JSON_INPUTS);
  const idText = r.chance(0.9) ? String(id) : r.pick(['-1', '1.5', '1152921504606846976', '"1"', 'null']);
  return `{"t":"call","id":${idText},"method":${JSON.stringify(r.pick(CALLABLE))},"input":${input}}`;
}

/** One frame (or a few that belong together) of a random shape; with its label. */
function randomFrames(r: Rng): { label: string; bytes: Buffer[] } {
  const frame = (opcode: number, payload: Buffer, o: Parameters<typeof rawFrame>[2] = {}) => rawFrame(opcode, payload, { key: r.bytes(4), ...o });
  const text = (s: string, o?: Parameters<typeof rawFrame>[2]) => frame(0x1, Buffer.from(s), o);
  const id = r.int(0, 50);
  switch (r.int(0, 15)) {
    case 0:
    case 1:
    case 2: {
      const j = callJson(r, id);
      return { label: `text ${j.slice(0, 80)}`, bytes: [text(j)] };
    }
    case 3:
      return {
        label: 'text not json',
        bytes: [text(r.pick(['not json', '{', '[]', '""', 'null', '{"t":"call"}', '{"t":"push","id":1}', '{"t":"cancel","id":99}', '\u0000']))],
      };
    case 4:
      return {
        label: 'text with a raw newline',
        bytes: [
          text(
            `${JSON.stringify({ t: 'call', id, method: 'backend.hello', input: {} })}\n${JSON.stringify({ t: 'call', id: id + 1, method: 'secrets.provideKey', input: { key: 'A'.repeat(43) + '=' } })}`,
          ),
        ],
      };
    case 5:
      return { label: 'binary', bytes: [frame(0x2, r.bytes(r.int(0, 2000)))] };
    case 6: {
      const size = r.pick([MiB + 10, 4 * MiB + 10]);
      return { label: `huge text ${size}`, bytes: [hugeFrame(size)] };
    }
    case 7: {
      const parts = r.int(2, 5);
      const j = Buffer.from(callJson(r, id));
      const step = Math.ceil(j.length / parts);
      const bytes: Buffer[] = [];
      for (let i = 0; i < parts; i++) {
        bytes.push(frame(i === 0 ? 0x1 : 0x0, j.subarray(i * step, (i + 1) * step), { fin: i === parts - 1 }));
        if (r.chance(0.3)) bytes.push(frame(0x9, Buffer.from('mid')));
      }
      return { label: `fragmented call in ${parts}`, bytes };
    }
    case 8:
      return { label: 'continuation without a start', bytes: [frame(0x0, Buffer.from('{"t":"call"}'))] };
    case 9:
      return { label: 'ping/pong', bytes: [frame(r.pick([0x9, 0xa]), r.bytes(r.int(0, 125)))] };
    case 10:
      return { label: 'invalid control (long or fragmented)', bytes: [frame(0x9, r.bytes(r.int(126, 300)), { fin: r.chance(0.5) })] };
    case 11: {
      const code = r.pick([1000, 1001, 1002, 1005, 1006, 1011, 1015, 0, 999, 2999, 3000, 4999, 5000, 65535]);
      const reason = r.chance(0.3) ? Buffer.from([0xff, 0xfe]) : Buffer.from('x'.repeat(r.int(0, 200)));
      const payload = r.chance(0.1) ? Buffer.from([1]) : Buffer.concat([Buffer.from([code >> 8, code & 0xff]), reason]);
      return { label: `close ${code}`, bytes: [frame(0x8, payload.subarray(0, r.chance(0.8) ? 125 : payload.length))] };
    }
    case 12:
      return { label: 'reserved opcode or bits', bytes: [frame(r.pick([0x3, 0x7, 0xb, 0xf, 0x1]), Buffer.from('{}'), { rsv: r.int(1, 7) })] };
    case 13:
      return { label: 'unmasked', bytes: [frame(0x1, Buffer.from(callJson(r, id)), { mask: false })] };
    case 14:
      return { label: 'length that lies', bytes: [frame(0x1, Buffer.from('{"t":"call"'), { lieLength: r.pick([2 ** 31, 2 ** 53, 70_000, 200]) })] };
    default: {
      // A duplex stream: open rpc.echo, push to it (and to ids that are not open), cancel.
      return {
        label: 'echo stream',
        bytes: [
          text(JSON.stringify({ t: 'call', id, method: 'rpc.echo', input: { upper: r.chance(0.5) } })),
          text(JSON.stringify({ t: 'push', id, data: r.pick(['hi', 5, null, 'x'.repeat(70_000)]) })),
          text(JSON.stringify({ t: 'push', id: id + 1000, data: 'nobody' })),
          text(JSON.stringify({ t: 'cancel', id: r.chance(0.5) ? id : id + 2000 })),
        ],
      };
    }
  }
}
const MiB = 1024 * 1024;
const huge = new Map<number, Buffer>();
/** A call frame over the RPC's frame limit or over the WebSocket's, built once per size (masked with a zero key). */
function hugeFrame(size: number): Buffer {
  let f = huge.get(size);
  if (!f)
    huge.set(
      size,
      (f = rawFrame(0x1, Buffer.from(JSON.stringify({ t: 'call', id: 1, method: 'engine.logs', input: 'x'.repeat(size) })), { key: Buffer.alloc(4) })),
    );
  return f;
}

/** A WebSocket handshake (proper or not) followed by frames of random shapes. */
export function wsCase(r: Rng, t: Target): FuzzCase {
  const own = `127.0.0.1:${t.port}`;
  const path = r.chance(0.7)
    ? `/rpc?token=${t.token}`
    : r.pick([
        `/rpc`,
        '/rpc?token=guess',
        '/%',
        `/%E0%A4%A?token=${t.token}`,
        `http://${own}/rpc?token=${t.token}`,
        'http://',
        `//?token=${t.token}`,
        `/rpc/../rpc?token=${t.token}`,
        '*',
        `/rpc?token=${t.token}%`,
      ]);
  const headers = [
    r.chance(0.9) ? `Host: ${own}` : r.pick(['Host: evil.example', 'Host:', `Host: ${own}\r\nHost: evil.example`]),
    'Upgrade: websocket',
    'Connection: Upgrade',
    r.chance(0.9) ? `Sec-WebSocket-Key: ${r.bytes(16).toString('base64')}` : r.pick(['Sec-WebSocket-Key: short', 'Sec-WebSocket-Key:']),
    r.chance(0.9) ? 'Sec-WebSocket-Version: 13' : r.pick(['Sec-WebSocket-Version: 8', 'Sec-WebSocket-Version: x']),
  ];
  if (r.chance(0.4)) headers.push(`Origin: ${r.pick([`http://${own}`, 'http://evil.example', 'null', `http://${own}\r\nOrigin: http://evil.example`])}`);
  if (r.chance(0.1)) headers.push('Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits');
  if (r.chance(0.05)) headers.push(`X-Huge: ${'h'.repeat(20_000)}`);
  const chunks: Buffer[] = [Buffer.from(`GET ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`)];
  const labels: string[] = [];
  if (r.chance(0.5)) {
    // A well-formed call first, so that calls reach the backend before a broken frame ends the connection.
    const method = r.chance(0.3) ? r.pick(['backend.handover', 'secrets.provideKey', 'secrets.keychainUnavailable']) : r.pick(CALLABLE);
    const call = `{"t":"call","id":0,"method":${JSON.stringify(method)},"input":{}}`;
    chunks.push(rawFrame(0x1, Buffer.from(call), { key: r.bytes(4) }));
    labels.push(`text ${call}`);
  }
  for (let i = r.int(0, 8); i > 0; i--) {
    const f = randomFrames(r);
    chunks.push(...f.bytes);
    labels.push(f.label);
  }
  if (r.chance(0.2)) chunks.push(rawFrame(0x1, Buffer.from('{"t":"call"'), { lieLength: 500 }).subarray(0, 10));
  return {
    label: `ws ${path.slice(0, 50)} [${headers
      .slice(3)
      .map((h) => h.slice(0, 30))
      .join(' | ')}]: ${labels.join(', ')}`,
    chunks,
    ending: r.pick(['read', 'read', 'half', 'reset']),
  };
}

/** One batch of cases for a seed. */
export function batch(seed: number, t: Target, size: number): FuzzCase[] {
  const r = new Rng(seed);
  return Array.from({ length: size }, () => (r.chance(0.5) ? httpCase(r, t) : wsCase(r, t)));
}
