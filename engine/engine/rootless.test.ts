import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixArgv, fixCommand, freeSubidRange, rootlessProblems, subidsOf, type RootlessFacts } from './rootless-checks.js';
import { childSignal, startFailure } from './rootless-log.js';
import { limitsFromInfo } from './rootless.js';
import { engineMessage } from './engine-errors.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** This machine as a fresh `useradd` user saw it (recorded), with /dev/net/tun opened to users. */
const ready: RootlessFacts = {
  user: 'berth-ci',
  uid: 1001,
  subuid: fixture('subuid-useradd.txt'),
  subgid: fixture('subuid-useradd.txt'),
  programs: { newuidmap: true, newgidmap: true, rootlesskit: true, slirp4netns: true, 'rootlesskit-docker-proxy': true },
  sysctl: { maxUserNamespaces: '96367', unprivilegedPortStart: '1024' },
  tun: 'ok',
  cgroupVersion: 1,
  pkexec: false,
};

describe('rootless checks (recorded facts)', () => {
  it('passes a machine that has everything, with notes on cgroup v1 and low ports', () => {
    const { problems, notes } = rootlessProblems(ready);
    expect(problems).toEqual([]);
    expect(notes.join(' ')).toMatch(/cgroup v1.*without memory or CPU limits/);
    expect(notes.join(' ')).toMatch(/Ports below 1024 .* net\.ipv4\.ip_unprivileged_port_start=0/);
    expect(rootlessProblems({ ...ready, cgroupVersion: 2, sysctl: { unprivilegedPortStart: '0' } }).notes).toEqual([]);
  });

  it('names each missing piece with the one command that fixes it', () => {
    const { problems } = rootlessProblems({
      ...ready,
      user: 'ann',
      uid: 1002,
      programs: { newuidmap: false, newgidmap: false, rootlesskit: false, slirp4netns: true, 'rootlesskit-docker-proxy': false },
      sysctl: { unprivilegedUsernsClone: '0', maxUserNamespaces: '0', apparmorRestrictUserns: '1' },
      tun: 'denied',
    });
    expect(problems.map((p) => p.command)).toEqual([
      // berth-ci holds 100000-165535, so ann gets the next free range.
      'sudo usermod --add-subuids 165536-231071 --add-subgids 165536-231071 ann',
      'sudo apt-get install -y uidmap',
      'sudo apt-get install -y rootlesskit slirp4netns',
      'sudo sysctl -w kernel.unprivileged_userns_clone=1',
      'sudo sysctl -w user.max_user_namespaces=28633',
      'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
      'sudo chmod 0666 /dev/net/tun',
    ]);
    expect(problems[0]!.problem).toMatch(/ann has fewer than 65536 subordinate IDs in \/etc\/subuid \(0\) and \/etc\/subgid \(0\)/);
    expect(problems[2]!.problem).toMatch(/^rootlesskit, rootlesskit-docker-proxy are missing/);
    // Without pkexec there is nothing Berth can run itself: the page shows the command to copy.
    expect(problems.every((p) => p.fixId === undefined)).toBe(true);
    expect(rootlessProblems({ ...ready, tun: 'missing', pkexec: true }).problems).toEqual([
      expect.objectContaining({ command: 'sudo modprobe tun', fixId: 'tun-module' }),
    ]);
  });

  it('counts subordinate IDs by user name or uid, and a short range is not enough', () => {
    expect(subidsOf('# comment\nann:100000:65536\n1002:300000:10\nbad line\n', 'ann', 1002)).toBe(65546);
    expect(rootlessProblems({ ...ready, subgid: 'berth-ci:100000:1000\n' }).problems[0]!.problem).toMatch(/\/etc\/subgid \(1000\)/);
    expect(rootlessProblems({ ...ready, uid: 1001, user: 'x', subuid: '1001:100000:65536', subgid: '1001:100000:65536' }).problems).toEqual([]);
  });

  it('picks a subordinate range that no entry of either file overlaps', () => {
    expect(freeSubidRange(undefined, undefined)).toEqual({ start: 100000, end: 165535 });
    expect(freeSubidRange('a:100000:65536\n', 'b:170000:65536\n')).toEqual({ start: 235536, end: 301071 });
    expect(fixArgv('subids', { ...ready, user: 'bob', subuid: '', subgid: '' })).toEqual([
      'usermod',
      '--add-subuids',
      '100000-165535',
      '--add-subgids',
      '100000-165535',
      'bob',
    ]);
    expect(fixCommand('tun-mode', ready)).toBe('sudo chmod 0666 /dev/net/tun');
  });
});

describe("RootlessKit's log (recorded)", () => {
  it('tells dockerd killed by a signal from a failure', () => {
    expect(childSignal(fixture('rootless-dockerd-killed.txt').split('\n'))).toBe('SIGKILL');
    expect(childSignal(fixture('rootless-tun-denied.txt').split('\n'))).toBeUndefined();
  });

  it('words a start that failed on /dev/net/tun', () => {
    expect(startFailure(fixture('rootless-tun-denied.txt').split('\n'))).toMatch(/\/dev\/net\/tun: run `sudo chmod 0666 \/dev\/net\/tun`/);
    expect(startFailure(['level=info msg="all fine"'])).toBeUndefined();
  });
});

describe('limits on the rootless engine (recorded /info)', () => {
  it('says why there are none on cgroup v1, and nothing when there are', () => {
    const info = JSON.parse(fixture('info-rootless.json')) as Record<string, unknown>;
    expect(limitsFromInfo(info)).toEqual({ available: false, reason: expect.stringMatching(/cgroup v1/) });
    expect(limitsFromInfo(JSON.parse(fixture('info.json')) as Record<string, unknown>)).toBeUndefined();
  });
});

describe('a privileged port on the rootless engine (recorded refusal)', () => {
  it('says why and how to fix it, at run and at start', () => {
    const refusal = fixture('rootless-privileged-port.txt').trim();
    const said = engineMessage({ json: { message: refusal } });
    expect(said).toMatch(/^Port 80 is privileged: .*ports below 1024 for root/);
    expect(said).toMatch(/8080:80 on 127\.0\.0\.1/);
    expect(said).toMatch(/`sudo sysctl -w net\.ipv4\.ip_unprivileged_port_start=80`\.$/);
    expect(engineMessage({ message: 'listen tcp4 0.0.0.0:443: bind: permission denied' })).toMatch(/^Port 443 is privileged: .*\(e\.g\. 8443:443\)/);
  });
});
