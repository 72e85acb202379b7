/**
 * BuildKit's progress, as the engine sends it during `POST /build?version=2`:
 * `{"id":"moby.buildkit.trace","aux":"<base64>"}` where the base64 is a
 * protobuf `moby.buildkit.v1.StatusResponse`. Decoded here from its field
 * numbers; fields this code does not know are skipped, so newer engines keep
 * working.
 *
 *   StatusResponse { repeated Vertex vertexes = 1; repeated VertexStatus statuses = 2;
 *                    repeated VertexLog logs = 3; repeated VertexWarning warnings = 4; }
 *   Vertex         { string digest = 1; repeated string inputs = 2; string name = 3; bool cached = 4;
 *                    Timestamp started = 5; Timestamp completed = 6; string error = 7; }
 *   VertexStatus   { string ID = 1; string vertex = 2; string name = 3; int64 current = 4; int64 total = 5;
 *                    Timestamp timestamp = 6; Timestamp started = 7; Timestamp completed = 8; }
 *   VertexLog      { string vertex = 1; Timestamp timestamp = 2; int64 stream = 3; bytes msg = 4; }
 *   VertexWarning  { string vertex = 1; int64 level = 2; bytes short = 3; repeated bytes detail = 4; string url = 5; }
 *   Timestamp      { int64 seconds = 1; int32 nanos = 2; }
 */

export interface TraceVertex {
  readonly digest: string;
  readonly inputs: string[];
  readonly name: string;
  readonly cached: boolean;
  /** Epoch milliseconds. */
  readonly started?: number;
  readonly completed?: number;
  readonly error?: string;
}

export interface TraceStatus {
  readonly id: string;
  readonly vertex: string;
  readonly name: string;
  readonly current: number;
  readonly total: number;
  readonly timestamp?: number;
  readonly started?: number;
  readonly completed?: number;
}

export interface TraceLog {
  readonly vertex: string;
  readonly timestamp?: number;
  /** 1 stdout, 2 stderr. */
  readonly stream: number;
  readonly data: Buffer;
}

export interface TraceWarning {
  readonly vertex: string;
  readonly level: number;
  readonly short: string;
  readonly detail: string[];
  readonly url?: string;
}

export interface Trace {
  readonly vertexes: TraceVertex[];
  readonly statuses: TraceStatus[];
  readonly logs: TraceLog[];
  readonly warnings: TraceWarning[];
}

export class TraceError extends Error {}

/** A protobuf field: its number, and its value (a number for varints and fixed fields, bytes for the rest). */
type Field = { readonly no: number; readonly value: number | Buffer };

/** Pure: the fields of one protobuf message, in order. Unknown wire types are an error; unknown field numbers are the caller's to skip. */
export function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let mult = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= buf.length) throw new TraceError('A BuildKit progress message ends in the middle of a number.');
      const b = buf[at++]!;
      result += (b & 0x7f) * mult;
      if (!(b & 0x80)) return result;
      mult *= 128;
    }
    throw new TraceError('A BuildKit progress message has a number that is too long.');
  };
  while (at < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    switch (key & 7) {
      case 0:
        out.push({ no, value: varint() });
        break;
      case 1:
        if (at + 8 > buf.length) throw new TraceError('A BuildKit progress message is cut short.');
        out.push({ no, value: Number(buf.readBigUInt64LE(at)) });
        at += 8;
        break;
      case 2: {
        const len = varint();
        if (at + len > buf.length) throw new TraceError('A BuildKit progress message is cut short.');
        out.push({ no, value: buf.subarray(at, at + len) });
        at += len;
        break;
      }
      case 5:
        if (at + 4 > buf.length) throw new TraceError('A BuildKit progress message is cut short.');
        out.push({ no, value: buf.readUInt32LE(at) });
        at += 4;
        break;
      default:
        throw new TraceError(`A BuildKit progress message uses protobuf wire type ${key & 7}, which BuildKit does not send.`);
    }
  }
  return out;
}

const str = (v: number | Buffer) => (Buffer.isBuffer(v) ? v.toString('utf8') : '');
const bytes = (v: number | Buffer) => (Buffer.isBuffer(v) ? Buffer.from(v) : Buffer.alloc(0));
const num = (v: number | Buffer) => (typeof v === 'number' ? v : 0);

/** A Timestamp as epoch milliseconds; the zero time (unset) as undefined. */
function time(v: number | Buffer): number | undefined {
  if (!Buffer.isBuffer(v)) return undefined;
  let seconds = 0;
  let nanos = 0;
  for (const f of fields(v)) {
    if (f.no === 1) seconds = num(f.value);
    else if (f.no === 2) nanos = num(f.value);
  }
  // Go's zero time (year 1) arrives as a large negative number of seconds, encoded as a 64-bit varint.
  if (seconds <= 0 || seconds > 1e11) return undefined;
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

function vertex(buf: Buffer): TraceVertex {
  let digest = '';
  const inputs: string[] = [];
  let name = '';
  let cached = false;
  let started: number | undefined;
  let completed: number | undefined;
  let error: string | undefined;
  for (const f of fields(buf)) {
    if (f.no === 1) digest = str(f.value);
    else if (f.no === 2) inputs.push(str(f.value));
    else if (f.no === 3) name = str(f.value);
    else if (f.no === 4) cached = num(f.value) !== 0;
    else if (f.no === 5) started = time(f.value);
    else if (f.no === 6) completed = time(f.value);
    else if (f.no === 7) error = str(f.value) || undefined;
  }
  return { digest, inputs, name, cached, ...(started ? { started } : {}), ...(completed ? { completed } : {}), ...(error ? { error } : {}) };
}

function status(buf: Buffer): TraceStatus {
  const s: { id: string; vertex: string; name: string; current: number; total: number; timestamp?: number; started?: number; completed?: number } = {
    id: '',
    vertex: '',
    name: '',
    current: 0,
    total: 0,
  };
  for (const f of fields(buf)) {
    if (f.no === 1) s.id = str(f.value);
    else if (f.no === 2) s.vertex = str(f.value);
    else if (f.no === 3) s.name = str(f.value);
    else if (f.no === 4) s.current = num(f.value);
    else if (f.no === 5) s.total = num(f.value);
    else if (f.no === 6) s.timestamp = time(f.value);
    else if (f.no === 7) s.started = time(f.value);
    else if (f.no === 8) s.completed = time(f.value);
  }
  for (const k of ['timestamp', 'started', 'completed'] as const) if (s[k] === undefined) delete s[k];
  return s;
}

function log(buf: Buffer): TraceLog {
  let vertexId = '';
  let timestamp: number | undefined;
  let stream = 1;
  let data = Buffer.alloc(0);
  for (const f of fields(buf)) {
    if (f.no === 1) vertexId = str(f.value);
    else if (f.no === 2) timestamp = time(f.value);
    else if (f.no === 3) stream = num(f.value);
    else if (f.no === 4) data = bytes(f.value);
  }
  return { vertex: vertexId, ...(timestamp ? { timestamp } : {}), stream, data };
}

function warning(buf: Buffer): TraceWarning {
  let vertexId = '';
  let level = 0;
  let short = '';
  const detail: string[] = [];
  let url: string | undefined;
  for (const f of fields(buf)) {
    if (f.no === 1) vertexId = str(f.value);
    else if (f.no === 2) level = num(f.value);
    else if (f.no === 3) short = str(f.value);
    else if (f.no === 4) detail.push(str(f.value));
    else if (f.no === 5) url = str(f.value) || undefined;
  }
  return { vertex: vertexId, level, short, detail, ...(url ? { url } : {}) };
}

/** Pure: one StatusResponse from its base64 text (the `aux` of a `moby.buildkit.trace` message). */
export function decodeTrace(base64: string): Trace {
  const buf = Buffer.from(base64, 'base64');
  const out: Trace = { vertexes: [], statuses: [], logs: [], warnings: [] };
  for (const f of fields(buf)) {
    if (!Buffer.isBuffer(f.value)) continue;
    if (f.no === 1) out.vertexes.push(vertex(f.value));
    else if (f.no === 2) out.statuses.push(status(f.value));
    else if (f.no === 3) out.logs.push(log(f.value));
    else if (f.no === 4) out.warnings.push(warning(f.value));
  }
  return out;
}
