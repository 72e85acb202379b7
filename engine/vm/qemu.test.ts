import { describe, expect, it } from 'vitest';
import { qemuArgs } from './qemu.js';

describe('QEMU arguments', () => {
  it('boots the image’s kernel on a virtio root disk with the chosen accelerator, forwarding no port', () => {
    const args = qemuArgs({ imageDir: '/img', rootDisk: '/data/root.ext4', accel: 'tcg', cpus: 2, memoryMiB: 2048 });
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-accel')).toBe('tcg');
    expect(after('-kernel')).toBe('/img/vmlinuz');
    expect(after('-initrd')).toBe('/img/initrd.img');
    expect(after('-append')).toContain('root=LABEL=berthroot');
    expect(after('-drive')).toBe('file=/data/root.ext4,format=raw,if=virtio');
    expect(after('-netdev')).toBe('user,id=n0');
    expect(args.join(' ')).not.toMatch(/hostfwd|tcp:|-vnc|-monitor tcp/);
    expect([after('-m'), after('-smp')]).toEqual(['2048', '2']);
  });
});
