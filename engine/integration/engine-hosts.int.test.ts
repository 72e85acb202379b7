/**
 * Engines on other hosts: two engine hosts, each a dockerd in its own network
 * namespace on a test bridge, one reached over TLS with client certificates and
 * one over ssh (a real sshd, `docker system dial-stdio` on its side). Berth adds
 * both, works against each from a connection that chose it, and turns bad input
 * (an address where nothing answers, an unknown or changed host key, expired
 * certificates, a wrong CA) into sentences. The backend gets a HOME of the
 * test's own, so its ~/.ssh/known_hosts is the test's, never the machine's.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../rpc/client.js';
import { plainRunSpec } from '../containers/run-spec-random.js';
import type { AddEngineInput } from '../engines/contract.js';
import { BUSYBOX_IMAGE, importBusybox } from '../../e2e/fixtures/images.js';
import { engineHostLeftovers, startEngineHost, UNUSED_ADDRESS, type EngineHost } from '../../e2e/fixtures/engine-host.js';
import { client, eventually, removeHomes, startTestEngine, tempHome } from './harness.js';

const exec = promisify(execFile);
const home = tempHome('ehosts');
const userHome = mkdtempSync(join('/tmp', 'bt-ehome-'));
const knownHosts = join(userHome, '.ssh', 'known_hosts');
let rpc: RpcClient;
let viaSsh: RpcClient;
let tlsHost: EngineHost;
let sshHost: EngineHost;
let tlsId = '';
let sshId = '';

beforeAll(async () => {
  mkdirSync(join(userHome, '.ssh'), { mode: 0o700 });
  writeFileSync(knownHosts, '');
  [tlsHost, sshHost] = await Promise.all([startEngineHost({ tls: true }), startEngineHost({ ssh: true })]);
  await Promise.all([importBusybox(tlsHost.dockerHost), importBusybox(sshHost.dockerHost)]);
  await tlsHost.docker(['create', '--name', 'only-on-tls', '--network', 'none', BUSYBOX_IMAGE, 'true']);
  await sshHost.docker(['create', '--name', 'only-on-ssh', '--network', 'none', BUSYBOX_IMAGE, 'true']);
  // No agent, and ~/.ssh is the test's: Berth offers only the key it is given.
  ({ rpc } = await startTestEngine(home, { HOME: userHome, SSH_AUTH_SOCK: '' }));
  viaSsh = await client(home);
}, 240_000);

afterAll(async () => {
  rpc?.close();
  viaSsh?.close();
  await tlsHost?.stop();
  await sshHost?.stop();
  await removeHomes();
  rmSync(userHome, { recursive: true, force: true });
});

/** The errors `engines.add` answers with; none of them stores an entry. */
async function addErrors(input: Partial<AddEngineInput> & { host: string }): Promise<string[]> {
  const r = await rpc.call('engines.add', { name: '', ...input });
  expect(r.engine).toBeUndefined();
  return r.errors.map((e) => `${e.field}: ${e.message}`);
}

/** The docker CLI's own view of an engine's version, over TLS or its unix socket. */
async function cliVersion(args: string[]): Promise<string> {
  return (await exec('docker', [...args, 'version', '--format', '{{.Server.Version}}'])).stdout.trim();
}

/** OpenSSH's fingerprint of the key in a known_hosts line. */
async function fingerprint(line: string): Promise<string> {
  const f = join(userHome, 'fp');
  writeFileSync(f, line);
  return /SHA256:\S+/.exec((await exec('ssh-keygen', ['-l', '-f', f])).stdout)![0];
}

/** Every log line of a container that has finished. */
function logs(c: RpcClient, id: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    c.stream(
      'containers.logs',
      { id, follow: false },
      { next: (b) => lines.push(...b.lines.map((l) => l.text)), end: (err) => (err ? reject(err) : resolve(lines)) },
    );
  });
}

describe('engine hosts: bad input, each a sentence', () => {
  it('an address on the bridge where nothing answers', async () => {
    const tls = tlsHost.tls!;
    expect(await addErrors({ host: `tcp://${UNUSED_ADDRESS}:2376`, tls: tls.client })).toEqual([
      `host: tcp://${UNUSED_ADDRESS}:2376 cannot be reached from this computer (no route): check the address and your network.`,
    ]);
    expect(await addErrors({ host: `ssh://root@${UNUSED_ADDRESS}`, identity: sshHost.ssh!.identity })).toEqual([
      `host: ssh://root@${UNUSED_ADDRESS} cannot be reached from this computer (no route): check the address and your network.`,
    ]);
  });

  it('an expired client certificate, an expired engine certificate, and certificates of another CA', async () => {
    const tls = tlsHost.tls!;
    const right = tls.client;
    // Named before anything is sent: the file itself says it expired.
    expect(await addErrors({ host: tls.host, tls: tls.expiredClient })).toEqual([
      expect.stringMatching(new RegExp(`^cert: The client certificate ${tls.expiredClient.cert} expired on \\d{4}-\\d\\d-\\d\\d: choose one`)),
    ]);
    expect(await addErrors({ host: tls.expiredServerHost, tls: right })).toEqual(["host: The engine's certificate has expired: renew it on the engine."]);
    // Our certificate from another CA, with the right CA for the engine: the engine refuses it.
    expect(await addErrors({ host: tls.host, tls: { ...tls.otherCaClient, ca: right.ca } })).toEqual([
      // An engine built with Go 1.21 or later says "unknown CA"; an older one "bad certificate".
      expect.stringMatching(/^host: The engine refused your client certificate.* signed by (a|the) CA the engine trusts/),
    ]);
    // The wrong CA file for the engine: Berth refuses the engine's certificate before sending its own.
    expect(await addErrors({ host: tls.host, tls: { ...right, ca: tls.otherCaClient.ca } })).toEqual([
      expect.stringMatching(/^host: The engine's certificate is not signed by the CA you gave/),
    ]);
    // TLS files to an engine that does speak TLS are needed: without them, a sentence too.
    expect(await addErrors({ host: tls.host })).toEqual([expect.stringMatching(/^host: The engine at tcp:\/\/.* speaks TLS/)]);
  });

  it('an unknown host key and a changed one are refused, with the fingerprint of the key the server showed', async () => {
    const ssh = sshHost.ssh!;
    const shown = await fingerprint(ssh.knownHostsLine);
    writeFileSync(knownHosts, '');
    const [unknown] = await addErrors({ host: ssh.host, identity: ssh.identity });
    expect(unknown).toBe(
      `host: The host key of ${sshHost.address} (ssh-ed25519 ${shown}) is not in ${knownHosts}: check it and accept it once with \`ssh -p 22 ${sshHost.address}\`, then add the engine again.`,
    );
    writeFileSync(knownHosts, ssh.wrongKnownHostsLine);
    expect(shown).not.toBe(await fingerprint(ssh.wrongKnownHostsLine));
    const [changed] = await addErrors({ host: ssh.host, identity: ssh.identity });
    expect(changed).toContain(`The host key of ${sshHost.address} (ssh-ed25519 ${shown}) does not match the one in ${knownHosts}`);
    expect(changed).toContain('Berth refused to connect.');
    expect((await rpc.call('engines.list', {})).map((e) => e.host)).not.toContain(ssh.host);
  });
});

describe('engine hosts: TLS and ssh engines', () => {
  it('adds the TLS engine: up, with the version the docker CLI reads over TLS', async () => {
    const tls = tlsHost.tls!;
    const r = await rpc.call('engines.add', { name: 'tls-host', host: tls.host, tls: tls.client });
    expect(r.errors).toEqual([]);
    expect(r.engine).toMatchObject({ kind: 'tls', host: tls.host, health: { state: 'up', os: 'linux', containers: 1, images: 1 } });
    const tlsArgs = ['-H', tls.host, '--tlsverify', '--tlscacert', tls.client.ca, '--tlscert', tls.client.cert, '--tlskey', tls.client.key];
    expect(r.engine!.health.version).toBe(await cliVersion(tlsArgs));
    tlsId = r.engine!.id;
  });

  it('adds the ssh engine once its host key is known: up, with its version', async () => {
    const ssh = sshHost.ssh!;
    writeFileSync(knownHosts, `# a line for another host first\n10.231.7.250 ${ssh.wrongKnownHostsLine.split(' ').slice(1).join(' ')}${ssh.knownHostsLine}`);
    const r = await rpc.call('engines.add', { name: 'ssh-host', host: ssh.host, identity: ssh.identity });
    expect(r.errors).toEqual([]);
    expect(r.engine).toMatchObject({ kind: 'ssh', host: ssh.host, health: { state: 'up', os: 'linux', containers: 1, images: 1 } });
    expect(r.engine!.health.version).toBe(await cliVersion(['-H', sshHost.dockerHost]));
    sshId = r.engine!.id;
    const list = await rpc.call('engines.list', {});
    expect(list.filter((e) => e.id === tlsId || e.id === sshId).map((e) => [e.name, e.health.state])).toEqual([
      ['tls-host', 'up'],
      ['ssh-host', 'up'],
    ]);
  });

  it('one connection works against the TLS engine and another against the ssh engine: list, run, logs', async () => {
    expect(await rpc.call('engines.use', { id: tlsId })).toEqual({ id: tlsId, name: 'tls-host' });
    expect(await viaSsh.call('engines.use', { id: sshId })).toEqual({ id: sshId, name: 'ssh-host' });
    const names = async (c: RpcClient) => (await c.call('containers.list', { all: true })).map((x) => x.name).sort();
    expect(await names(rpc)).toEqual(['only-on-tls']);
    expect(await names(viaSsh)).toEqual(['only-on-ssh']);
    for (const [c, host, word] of [
      [rpc, tlsHost, 'tls'],
      [viaSsh, sshHost, 'ssh'],
    ] as const) {
      const made = await c.call(
        'containers.run',
        plainRunSpec(BUSYBOX_IMAGE, { name: `said-${word}`, command: ['sh', '-c', `echo hello over ${word}; echo done`], network: 'none' }),
      );
      // The docker CLI on that host sees it, and waits for it to finish.
      expect(await host.docker(['inspect', '-f', '{{.Name}}', made.id])).toBe(`/said-${word}`);
      expect(await host.docker(['wait', made.id])).toBe('0');
      expect(await logs(c, made.id)).toEqual([`hello over ${word}`, 'done']);
    }
    expect(await names(rpc)).toEqual(['only-on-tls', 'said-tls']);
    expect(await names(viaSsh)).toEqual(['only-on-ssh', 'said-ssh']);
  });

  it('a shell in a container, and a BuildKit build, on each of the TLS and ssh engines', async () => {
    for (const [c, host, word] of [
      [rpc, tlsHost, 'tls'],
      [viaSsh, sshHost, 'ssh'],
    ] as const) {
      const box = await c.call('containers.run', plainRunSpec(BUSYBOX_IMAGE, { name: `shell-${word}`, command: ['sleep', '300'], network: 'none' }));
      // The terminal: what is typed reaches the container's shell on that engine, and its answer comes back.
      let text = '';
      const session = c.duplex(
        'terminal.open',
        { id: box.id, cols: 80, rows: 24 },
        {
          next: (e) => {
            if (e.t !== 'data') return;
            const bytes = Buffer.from(e.data, 'base64');
            text += bytes.toString('utf8');
            session.push({ t: 'ack', bytes: bytes.length });
          },
        },
      );
      await eventually(() => /# (\x1b\[(6n|J))?$/.test(text) || undefined);
      session.push({ t: 'input', data: `echo $((6*7))-over-$(hostname)-${word}\r` });
      const shortId = box.id.slice(0, 12);
      await eventually(() => text.includes(`42-over-${shortId}-${word}`) || undefined);
      session.push({ t: 'input', data: 'exit\r' });
      await host.docker(['rm', '-f', box.id]);

      // A build of a context sent to that engine (no RUN step: the hosts have no bridge network for one).
      const ctx = mkdtempSync(join('/tmp', 'bt-hostbuild-'));
      try {
        writeFileSync(join(ctx, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCOPY note.txt /copied.txt\n`);
        writeFileSync(join(ctx, 'note.txt'), `built over ${word}\n`);
        const events = await new Promise<Array<{ t: string }>>((resolve, reject) => {
          const seen: Array<{ t: string }> = [];
          c.stream('builds.start', { context: ctx, tags: [`far/${word}:1`] } as never, {
            next: (e) => void seen.push(e as { t: string }),
            end: (err) => (err ? reject(err) : resolve(seen)),
          });
        });
        expect(events.filter((e) => e.t === 'failed')).toEqual([]);
        expect(events.some((e) => e.t === 'done')).toBe(true);
        // The context went through a BuildKit session over that engine's own connection (over TLS, Node's
        // HTTP/2 server first took the upgraded socket for an HTTP/1 client): the Dockerfile and note.txt.
        expect(events.filter((e) => e.t === 'upload').at(-1)).toMatchObject({ sent: 2 });
        expect(await host.docker(['run', '--rm', '--network', 'none', `far/${word}:1`, 'cat', '/copied.txt'])).toBe(`built over ${word}`);
      } finally {
        rmSync(ctx, { recursive: true, force: true });
      }
    }
  }, 180_000);

  it('a connection on the ssh engine keeps one ssh login for its calls, not one per call', async () => {
    await viaSsh.call('containers.list', { all: true });
    const before = sshHost.ssh!.logins();
    for (let i = 0; i < 20; i++) await viaSsh.call('containers.list', { all: true });
    await viaSsh.call('images.list', {});
    // The calls went through the login the connection already had (docker-modem's ssh mode logged in once per call).
    expect(sshHost.ssh!.logins()).toBe(before);
  });

  it('a client certificate that expired after the engine was added: the engine refuses it, Berth names the date', async () => {
    const { cert, key } = tlsHost.tls!.client;
    const saved = [readFileSync(cert), readFileSync(key)] as const;
    copyFileSync(tlsHost.tls!.expiredClient.cert, cert);
    copyFileSync(tlsHost.tls!.expiredClient.key, key);
    try {
      const down = await rpc.call('engines.check', { id: tlsId });
      expect(down.state).toBe('down');
      expect(down.error).toMatch(new RegExp(`^The engine refused your client certificate ${cert}: it expired on \\d{4}-\\d\\d-\\d\\d\\. `));
    } finally {
      writeFileSync(cert, saved[0]);
      writeFileSync(key, saved[1]);
    }
    expect(await rpc.call('engines.check', { id: tlsId })).toMatchObject({ state: 'up' });
  });

  it('a host key that changes after the engine was added is refused at the next check, and accepted again once known', async () => {
    writeFileSync(knownHosts, sshHost.ssh!.wrongKnownHostsLine);
    const down = await rpc.call('engines.check', { id: sshId });
    expect(down).toMatchObject({ state: 'down', error: expect.stringContaining('does not match the one in') });
    writeFileSync(knownHosts, sshHost.ssh!.knownHostsLine);
    expect(await rpc.call('engines.check', { id: sshId })).toMatchObject({ state: 'up' });
  });

  it('leaves no namespace, process, link or folder behind when the hosts stop', async () => {
    await rpc.call('engines.use', { id: 'berth' });
    await viaSsh.call('engines.use', { id: 'berth' });
    await tlsHost.stop();
    await sshHost.stop();
    expect(await engineHostLeftovers()).toEqual([]);
  });
});
