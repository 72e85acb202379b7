import { describe, expect, it } from 'vitest';
import { isPosixShell, pickingCommand, pickShell, sessionCommand, signalCommand, takePidMarker } from './terminal-shell.js';
import { noShellMessage, shellCandidates, shellSchema } from './contract.js';

describe('shell probing', () => {
  it('tries the preferred shell first, then bash, ash, sh, each once', () => {
    expect(shellCandidates()).toEqual(['bash', 'ash', 'sh']);
    expect(shellCandidates('zsh')).toEqual(['zsh', 'bash', 'ash', 'sh']);
    expect(shellCandidates('ash')).toEqual(['ash', 'bash', 'sh']);
  });

  it('picks the first shell found in candidate order, or none', () => {
    expect(pickShell(['zsh', 'bash', 'ash', 'sh'], [false, false, true, true])).toBe('ash');
    expect(pickShell(['bash', 'ash', 'sh'], [false, false, false])).toBeUndefined();
  });

  it('says which shells it tried when there is none', () => {
    expect(noShellMessage(shellCandidates())).toBe('This image has no shell (tried bash, ash, sh).');
  });

  it('accepts shell names and paths, not shell syntax', () => {
    expect(shellSchema.safeParse('/usr/bin/zsh').success).toBe(true);
    expect(shellSchema.safeParse('fish').success).toBe(true);
    expect(shellSchema.safeParse('sh; rm -rf /').success).toBe(false);
    expect(shellSchema.safeParse('$(reboot)').success).toBe(false);
  });
});

describe('session wrapper', () => {
  it('reports the pid then execs the shell, through a POSIX shell when there is one', () => {
    expect(sessionCommand('bash', 'bash')).toEqual(['bash', '-c', `printf '\\033]7707;pid=%s\\007' "$$"; exec bash`]);
    expect(sessionCommand('fish', undefined)).toEqual(['fish']);
    expect(sessionCommand('sh', 'sh', '/proc/1/root')).toEqual([
      'sh',
      '-c',
      `cd /proc/1/root && export PWD=/proc/1/root PS1='debug:$PWD # ' && printf '\\033]7707;pid=%s\\007' "$$"; exec sh`,
    ]);
    expect(isPosixShell('/bin/ash')).toBe(true);
    expect(isPosixShell('fish')).toBe(false);
    expect(signalCommand('sh', 42, 'HUP')).toEqual(['sh', '-c', 'kill -HUP 42 2>/dev/null; true']);
  });

  it('takes the pid marker off the front of the output', () => {
    const r = takePidMarker(Buffer.from('\x1b]7707;pid=123\x07/ # '));
    expect(r).toEqual({ kind: 'found', pid: 123, rest: Buffer.from('/ # ') });
  });

  it('lets one sh pick the first shell that exists, and reads its choice or that there was none', () => {
    expect(pickingCommand(['zsh', 'bash', 'sh'])).toEqual([
      'sh',
      '-c',
      `IFS=:; for s in 'zsh' 'bash' 'sh'; do f=; case "$s" in /*) f="$s" ;; *) for d in $PATH; do [ -x "$d/$s" ] && { f="$d/$s"; break; }; done ;; esac; [ -n "$f" ] && [ -x "$f" ] && { unset IFS; printf '\\033]7707;pid=%s;shell=%s\\007' "$$" "$s"; exec "$s"; }; done; printf '\\033]7707;none\\007'; exit 127`,
    ]);
    expect(takePidMarker(Buffer.from('\x1b]7707;pid=9;shell=/bin/zsh\x07% '))).toEqual({ kind: 'found', pid: 9, shell: '/bin/zsh', rest: Buffer.from('% ') });
    expect(takePidMarker(Buffer.from('\x1b]7707;none\x07'))).toEqual({ kind: 'none' });
    expect(takePidMarker(Buffer.from('\x1b]7707;pid=9;sh')).kind).toBe('wait');
    // What the engine writes when the container has no sh at all.
    expect(
      takePidMarker(
        Buffer.from(
          'OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused: exec: "sh": executable file not found in $PATH: unknown\r\n',
        ),
      ).kind,
    ).toBe('absent');
  });

  it('waits for a marker cut across chunks, and gives up on other output', () => {
    expect(takePidMarker(Buffer.from('\x1b]77')).kind).toBe('wait');
    expect(takePidMarker(Buffer.from('\x1b]7707;pid=12')).kind).toBe('wait');
    const other = takePidMarker(Buffer.from('hello'));
    expect(other).toEqual({ kind: 'absent', rest: Buffer.from('hello') });
    expect(takePidMarker(Buffer.from(`\x1b]7707;pid=${'1'.repeat(400)}`)).kind).toBe('absent');
  });
});
