import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { engineMessage } from '../engine/index.js';
import { explainStartFailure } from './start-failure.js';

// Messages recorded from dockerd 20.10 (docker run of the busybox test image).
const recorded = {
  noCommand:
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/no/such": stat /no/such: no such file or directory: unknown',
  notInPath:
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown',
  udpBusy:
    'driver failed programming external connectivity on endpoint exciting_mestorf (0a4f07cbf746a7d31738aac123346fdced00d6d15914b40fee051efa157ea5f6): Error starting userland proxy: listen udp4 127.0.0.1:42564: bind: address already in use',
  tcpBusyAll:
    'driver failed programming external connectivity on endpoint zen_ptolemy (acd276093bc6666d0df02d3a5fdf62a5dc3921b89d44776f37f0dd599541ebcf): Error starting userland proxy: listen tcp4 0.0.0.0:43945: bind: address already in use',
  allocated:
    'driver failed programming external connectivity on endpoint elated_boyd (1e69ca284229401c4761e2fa36a92f60e9d7c671ba53129679b62c081de9a3b5): Bind for 0.0.0.0:18080 failed: port is already allocated',
  notOurs:
    'driver failed programming external connectivity on endpoint strange_heyrovsky (5a20e85ecc8d7be3dc1ba7c389f64f92cc8b20b0b9e674e09768a7c1019c12a9): Error starting userland proxy: listen tcp4 192.0.2.1:8080: bind: cannot assign requested address',
  // docker run --cap-add SYS_RESOURCE on a machine whose own bounding set lacks it (this sandbox).
  capsWithheld:
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply caps: operation not permitted: unknown',
  fileOnDir:
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error mounting "/etc/hostname" to rootfs at "/bin": mount /etc/hostname:/bin (via /proc/self/fd/6), flags: 0x5000: not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
};

describe('why a new container did not start', () => {
  it('names the cause of the engine refusals seen most', () => {
    expect(explainStartFailure(recorded.noCommand)).toBe('The command /no/such is not in the image: check the command and the entrypoint.');
    expect(explainStartFailure(recorded.notInPath)).toBe('The command nosuch is not in the image: check the command and the entrypoint.');
    expect(explainStartFailure(recorded.udpBusy)).toBe(
      'Port 42564/udp on 127.0.0.1 is already in use on this machine: choose another host port, or leave it empty for a random one.',
    );
    expect(explainStartFailure(recorded.tcpBusyAll)).toBe(
      'Port 43945 on all addresses is already in use on this machine: choose another host port, or leave it empty for a random one.',
    );
    expect(explainStartFailure(recorded.allocated)).toMatch(/^Port 18080 is already published by another container/);
    expect(explainStartFailure(recorded.notOurs)).toBe(
      '192.0.2.1 is not an address of this machine: publish on 127.0.0.1, or leave the address empty for all.',
    );
    expect(explainStartFailure(recorded.fileOnDir)).toBe('/etc/hostname cannot be mounted at /bin: one is a file and the other a folder.');
  });
  it('keeps the engine words for any other cause', () => {
    expect(explainStartFailure('Cannot mkdir: /etc/hostname is not a directory')).toBe(
      'The container did not start: Cannot mkdir: /etc/hostname is not a directory.',
    );
  });
});

describe('a privileged port on the rootless engine', () => {
  it('keeps the engine’s sentence (why and how to fix it) as it is when the container is started', () => {
    const refusal = readFileSync(new URL('../engine/fixtures/rootless-privileged-port.txt', import.meta.url), 'utf8').trim();
    const said = engineMessage({ json: { message: refusal } });
    expect(said).toMatch(/^Port 80 is privileged: /);
    expect(explainStartFailure(said)).toBe(said);
  });
});

describe('capabilities the machine withholds', () => {
  it('names them when the machine is known to withhold them, and says what to try when not', () => {
    expect(explainStartFailure(recorded.capsWithheld, { capAdd: ['SYS_RESOURCE', 'NET_ADMIN'], withheld: ['SYS_RESOURCE'] })).toBe(
      'The engine cannot give a container SYS_RESOURCE: the machine it runs on withholds that capability from every process (a locked-down host, or one that is itself a container). Remove it from Add capabilities.',
    );
    expect(explainStartFailure(recorded.capsWithheld, { capAdd: ['SYS_RESOURCE'] })).toBe(
      'The engine could not give the container the capabilities asked for (SYS_RESOURCE): the machine it runs on withholds some of them. Try with fewer in Add capabilities.',
    );
  });
});
