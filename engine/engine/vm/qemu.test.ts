import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forwardRule, planForwards } from './ports.js';
import { qemuArgs } from './qemu.js';
import { acceleratorsToTry, accelNotice } from './accel.js';
import { shareUnavailable, virtiofsdArgs } from './share.js';
import { nativeGuestArch, vmHostEnds } from './host.js';
import { layout } from '../paths.js';
import { parseDockerHost } from '../driver.js';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
const all = (args: string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));

describe('QEMU arguments', () => {
  const base = { imageDir: '/img', rootDisk: '/vm/root.ext4', accel: 'tcg' as const, cpus: 2, memoryMiB: 2048 };

  it('boots the image’s kernel from a root disk it never writes, with the chosen accelerator', () => {
    const args = qemuArgs(base);
    expect([after(args, '-accel'), after(args, '-cpu')]).toEqual(['tcg,tb-size=256', 'max']);
    expect(all(args, '-device')).toContain('virtio-balloon-pci,free-page-reporting=on');
    expect([after(args, '-kernel'), after(args, '-initrd')]).toEqual(['/img/vmlinuz', '/img/initrd.img']);
    expect(after(args, '-append')).toContain('root=LABEL=berthroot');
    expect(after(args, '-drive')).toBe('file=/vm/root.ext4,format=raw,if=virtio,snapshot=on');
    expect([after(args, '-m'), after(args, '-smp')]).toEqual(['2048', '2']);
    expect(qemuArgs({ ...base, accel: 'kvm' })).toContain('host');
  });

  it('opens no TCP port but SSH on the host’s loopback; QMP is a unix socket', () => {
    const args = qemuArgs({ ...base, sshPort: 40022, qmp: vmHostEnds(layout('/home/u/berth'), 'linux').qmpArg });
    expect(after(args, '-netdev')).toBe('user,id=n0,hostfwd=tcp:127.0.0.1:40022-:22');
    expect(after(args, '-qmp')).toBe('unix:/home/u/berth/run/qmp.sock,server=on,wait=off');
    expect(args.join(' ')).not.toMatch(/-vnc|-monitor|tcp:0\.0\.0\.0|hostfwd=tcp::/);
  });

  it('adds the data disk by serial, the fw_cfg files and the virtiofs share with shared memory', () => {
    const args = qemuArgs({ ...base, dataDisk: '/vm/data.img', fwCfg: { 'opt/berth/host_key': '/k/host' }, shareSocket: '/run/share.sock' });
    expect(all(args, '-drive')).toContain('file=/vm/data.img,format=raw,if=none,id=data,discard=unmap');
    expect(all(args, '-device')).toContain('virtio-blk-pci,drive=data,serial=berthdata');
    expect(after(args, '-fw_cfg')).toBe('name=opt/berth/host_key,file=/k/host');
    expect(all(args, '-device')).toContain('vhost-user-fs-pci,chardev=share,tag=berthshare');
    expect(after(args, '-object')).toBe('memory-backend-memfd,id=mem,size=2048M,share=on');
  });
});

describe('accelerators', () => {
  it('tries the platform’s hardware accelerator first and TCG last, skipping one that hung with this kernel', () => {
    expect(acceleratorsToTry('auto', 'linux', true)).toEqual(['kvm', 'tcg']);
    expect(acceleratorsToTry('auto', 'linux', false)).toEqual(['tcg']);
    expect(acceleratorsToTry('auto', 'darwin', false)).toEqual(['hvf', 'tcg']);
    expect(acceleratorsToTry('auto', 'win32', false)).toEqual(['whpx', 'tcg']);
    expect(acceleratorsToTry('auto', 'linux', true, ['kvm'])).toEqual(['tcg']);
    expect(acceleratorsToTry('kvm', 'linux', false)).toEqual(['kvm']);
    // An amd64 image on an Apple-silicon Mac: HVF cannot run it, only TCG can.
    expect(acceleratorsToTry('auto', 'darwin', false, [], nativeGuestArch('arm64') === 'x86_64')).toEqual(['tcg']);
  });

  it('says why the VM runs with TCG', () => {
    expect(accelNotice(['kvm', 'tcg'], 'tcg', { kvm: 'is present but its guest did not come up within 8 s' })).toBe(
      'KVM is present but its guest did not come up within 8 s; the VM runs with TCG (software emulation) instead, several times slower.',
    );
    expect(accelNotice(['tcg'], 'tcg', {})).toMatch(/^No hardware accelerator/);
    expect(accelNotice(['kvm'], 'kvm', {})).toBeUndefined();
  });
});

describe('the shared folder', () => {
  it('passes the folder the way each virtiofsd reads it', () => {
    expect(virtiofsdArgs('c', '/r/s.sock', '/home/u')).toEqual(['--socket-path=/r/s.sock', '-o', 'source=/home/u', '-o', 'cache=auto']);
    expect(virtiofsdArgs('rust', '/r/s.sock', '/home/u')).toEqual(['--socket-path', '/r/s.sock', '--shared-dir', '/home/u', '--cache', 'auto']);
  });

  it('says why it cannot be shared', () => {
    expect(shareUnavailable('linux', true, true)).toBeUndefined();
    expect(shareUnavailable('linux', true, false)).toMatch(/needs virtiofsd/);
    expect(shareUnavailable('linux', false, true)).toMatch(/as root/);
    expect(shareUnavailable('darwin', false, true)).toMatch(/Linux hosts only/);
  });
});

describe('host ends', () => {
  it('serves the engine on the home’s private socket on Linux and macOS', () => {
    const ends = vmHostEnds(layout('/home/u/berth'), 'darwin');
    expect(ends).toMatchObject({ engineSocket: '/home/u/berth/run/docker.sock', dockerHost: 'unix:///home/u/berth/run/docker.sock', files: true });
  });

  it('uses named pipes on Windows, one pair per home, that the Docker client reads back', () => {
    const a = vmHostEnds(layout('C:\\Users\\u\\AppData\\Roaming\\Berth'), 'win32');
    const b = vmHostEnds(layout('D:\\other'), 'win32');
    expect(a.engineSocket).toMatch(/^\\\\\.\\pipe\\berth-[0-9a-f]{8}-docker$/);
    expect(a.engineSocket).not.toBe(b.engineSocket);
    expect(parseDockerHost(a.dockerHost)).toEqual({ socketPath: a.engineSocket });
    expect(a.qmpArg).toMatch(/^pipe:berth-[0-9a-f]{8}-qmp$/);
    expect(a.files).toBe(false);
  });
});

describe('published ports', () => {
  // Recorded from the VM's engine: `-p 8090:80 -p 127.0.0.1:8091:81 -p 8092:82/udp -p 83 --expose 84`.
  const recorded = JSON.parse(readFileSync(new URL('./fixtures/ports.json', import.meta.url), 'utf8'));

  it('forwards each port once (IPv4 and IPv6 bindings are one), through SSH when published on the VM’s loopback', () => {
    const plan = planForwards(recorded);
    expect(plan.forwards).toEqual([
      { proto: 'tcp', port: 8090, via: 'qemu' },
      { proto: 'tcp', port: 8091, via: 'ssh' },
      { proto: 'udp', port: 8092, via: 'qemu' },
      { proto: 'tcp', port: 32768, via: 'qemu' },
    ]);
    expect(plan.unreachable).toEqual([]);
    expect(forwardRule(plan.forwards[2]!)).toBe('udp:127.0.0.1:8092');
  });

  it('names what the host cannot reach', () => {
    expect(planForwards({ '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }], '80/tcp': [{ HostIp: '10.0.2.15', HostPort: '8080' }] }).unreachable).toEqual([
      '127.0.0.1:5353/udp',
      '10.0.2.15:8080/tcp',
    ]);
  });
});
