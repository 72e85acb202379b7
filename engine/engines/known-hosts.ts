/**
 * Pure: checking an ssh host key against known_hosts, as OpenSSH does — plain and
 * hashed (`|1|salt|hash`) host patterns, `*`/`?` wildcards, `!` negation,
 * `[host]:port` for ports other than 22, and `@revoked` lines.
 */
import { createHash, createHmac } from 'node:crypto';

export type HostKeyVerdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'unknown' | 'changed' | 'revoked'; readonly fingerprint: string; readonly keyType: string };

/** The name known_hosts files a host under: `host`, or `[host]:port` off port 22. */
export const knownHostName = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

/** OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written at the start of a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return n > 0 && n < 64 && blob.length >= 4 + n ? blob.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

/** Does one host-pattern field (comma-separated, or one hashed entry) name this host? */
export function patternsMatch(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (wildcard(p.slice(1), name)) return false;
    } else if (wildcard(p, name)) matched = true;
  }
  return matched;
}

/** Check `blob` (the key the server showed) for `host`/`port` against the text of known_hosts files. */
export function checkHostKey(knownHosts: string, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  const type = keyTypeOf(blob);
  let sameType = false;
  let trusted = false;
  for (const raw of knownHosts.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]!.startsWith('@') ? fields.shift() : undefined;
    const [patterns, keyType, key] = fields;
    if (!patterns || !keyType || !key || !patternsMatch(patterns, name)) continue;
    const same = Buffer.from(key, 'base64').equals(blob);
    if (marker === '@revoked') {
      if (same) return { ok: false, reason: 'revoked', fingerprint: fingerprintOf(blob), keyType: type };
      continue;
    }
    if (marker) continue; // @cert-authority: host certificates are not used here.
    if (same) trusted = true;
    else if (keyType === type) sameType = true;
  }
  if (trusted) return { ok: true };
  return { ok: false, reason: sameType ? 'changed' : 'unknown', fingerprint: fingerprintOf(blob), keyType: type };
}

/** The sentence for a refused host key. */
export function hostKeySentence(v: Exclude<HostKeyVerdict, { ok: true }>, host: string, port: number, file: string): string {
  const who = knownHostName(host, port);
  switch (v.reason) {
    case 'unknown':
      return `The host key of ${who} (${v.keyType} ${v.fingerprint}) is not in ${file}: check it and accept it once with \`ssh -p ${port} ${host}\`, then add the engine again.`;
    case 'changed':
      return `The host key of ${who} (${v.keyType} ${v.fingerprint}) does not match the one in ${file}: someone may be intercepting the connection, or the host was reinstalled. Berth refused to connect.`;
    case 'revoked':
      return `The host key of ${who} (${v.keyType} ${v.fingerprint}) is marked @revoked in ${file}. Berth refused to connect.`;
  }
}
