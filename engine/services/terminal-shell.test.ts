import { describe, expect, it } from 'vitest';
import { isPosixShell, pickShell, sessionCommand, signalCommand, takePidMarker } from './terminal-shell.js';
import { noShellMessage, shellCandidates, shellSchema } from '../contract/terminal.js';

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
    expect(sessionCommand('sh', 'sh', '/proc/1/root')).toEqual(['sh', '-c', `cd /proc/1/root && export PWD=/proc/1/root PS1='debug:$PWD # ' && printf '\\033]7707;pid=%s\\007' "$$"; exec sh`]);
    expect(isPosixShell('/bin/ash')).toBe(true);
    expect(isPosixShell('fish')).toBe(false);
    expect(signalCommand('sh', 42, 'HUP')).toEqual(['sh', '-c', 'kill -HUP 42 2>/dev/null; true']);
  });

  it('takes the pid marker off the front of the output', () => {
    const r = takePidMarker(Buffer.from('\x1b]7707;pid=123\x07/ # '));
    expect(r).toEqual({ kind: 'found', pid: 123, rest: Buffer.from('/ # ') });
  });

  it('waits for a marker cut across chunks, and gives up on other output', () => {
    expect(takePidMarker(Buffer.from('\x1b]77')).kind).toBe('wait');
    expect(takePidMarker(Buffer.from('\x1b]7707;pid=12')).kind).toBe('wait');
    const other = takePidMarker(Buffer.from('hello'));
    expect(other).toEqual({ kind: 'absent', rest: Buffer.from('hello') });
    expect(takePidMarker(Buffer.from(`\x1b]7707;pid=${'1'.repeat(80)}`)).kind).toBe('absent');
  });
});
