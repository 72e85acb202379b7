/**
 * The root native engine's way out to the network. dockerd runs with
 * `--iptables=false` (Docker's chains are global and would fight a system
 * Docker's), so Berth adds its own nftables table for its bridge instead:
 * masquerade and forwarding (nat-rules.ts), IPv4 forwarding switched on when
 * it is off (and recorded in the home, so it is switched off again only if
 * Berth switched it on), and DNS forwarding to a host resolver on loopback.
 * Everything here is undone when the engine stops or is cleaned up after.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, promises as fs } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { HomeLayout } from './paths.js';
import { isBerthTable, loopbackResolver, natRemoval, natRuleset, natTableName, summarizeRuleset, type NatPlan } from './nat-rules.js';

const run = promisify(execFile);
const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

/** What a user is told when there is no nft: containers have no way out, and the package that fixes it. */
export const NO_NFT =
  "nft is not installed, so containers on Berth's engine have no way out to the network: install Debian's nftables package (apt-get install nftables) and restart the engine.";

/**
 * The nft program, from PATH or the sbin folders a user's PATH often lacks
 * (or only BERTH_ENGINE_PATH, as for the engine's programs); undefined when there is none.
 */
export function findNft(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = env.BERTH_ENGINE_PATH
    ? env.BERTH_ENGINE_PATH.split(delimiter).filter(Boolean)
    : [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    try {
      accessSync(join(dir, 'nft'), constants.X_OK);
      return join(dir, 'nft');
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Run `nft -f -` with a script: all of it applies, or none. */
function nftScript(nft: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(nft, ['-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(err.trim() || `nft exited with code ${code}`))));
    child.stdin.end(script);
  });
}

/** The tables and foreign forward-dropping chains of this machine's ruleset. */
export async function readRuleset(nft: string) {
  return summarizeRuleset((await run(nft, ['-j', 'list', 'ruleset'])).stdout);
}

/** The file in the home saying Berth turned IPv4 forwarding on (and so may turn it off). */
const forwardRecord = (l: HomeLayout) => join(l.home, 'engine', 'ip-forward-set-by-berth');

/** The host resolver on loopback that containers need forwarding to, if any (read from /etc/resolv.conf). */
export async function hostLoopbackResolver(): Promise<string | undefined> {
  const conf = await fs.readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  return loopbackResolver(conf, existsSync('/run/systemd/resolve/resolv.conf'));
}

/**
 * Give the bridge its way out: Berth's table (replacing any it left), IPv4
 * forwarding on. Returns a notice for the user when containers will still
 * not get out (no nft, or another table's forward chain that drops).
 */
export async function applyNat(l: HomeLayout, plan: NatPlan): Promise<string | undefined> {
  const nft = findNft();
  if (!nft) return NO_NFT;
  try {
    await nftScript(nft, natRuleset(plan));
  } catch (err) {
    throw new Error(`Berth could not add its nftables table ${natTableName(plan.bridge)} for its bridge ${plan.bridge}: ${(err as Error).message}.`);
  }
  // A resolver on loopback is reached from the bridge only when the bridge may route to 127/8.
  if (plan.dnsTo) await fs.writeFile(`/proc/sys/net/ipv4/conf/${plan.bridge}/route_localnet`, '1');
  if ((await fs.readFile(IP_FORWARD, 'utf8')).trim() === '0') {
    await fs.writeFile(forwardRecord(l), `${new Date().toISOString()}\n`, { mode: 0o600 });
    await fs.writeFile(IP_FORWARD, '1');
  }
  const { forwardDrops } = await readRuleset(nft);
  if (forwardDrops.length) {
    return `The forward chain ${forwardDrops.join(', ')} of this machine's firewall drops by default, so containers on Berth's engine may not reach the network: accept traffic from ${plan.bridge} there (for a system Docker: iptables -I DOCKER-USER -i ${plan.bridge} -j ACCEPT, and -o ${plan.bridge} for the replies).`;
  }
  return undefined;
}

/**
 * Remove Berth's table for the bridge, and switch IPv4 forwarding off again
 * if Berth switched it on and no other Berth engine's table still needs it
 * (then the record stays, for that engine's turn).
 */
export async function removeNat(l: HomeLayout, bridge: string): Promise<void> {
  const nft = findNft();
  if (!nft) return;
  await nftScript(nft, natRemoval(bridge));
  if (!existsSync(forwardRecord(l))) return;
  const { tables } = await readRuleset(nft);
  if (tables.some((t) => isBerthTable(t.split(' ')[1] ?? ''))) return;
  await fs.writeFile(IP_FORWARD, '0');
  await fs.rm(forwardRecord(l), { force: true });
}
