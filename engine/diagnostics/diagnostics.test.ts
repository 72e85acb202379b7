import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, tarGz } from './diagnostics.js';

describe('diagnostics', () => {
  it('removes secret-looking values at any depth, keeping the rest', () => {
    const settings = {
      engine: { mode: 'vm', host: 'tcp://10.0.0.2:2376' },
      proxy: { user: 'ann', password: 'hunter2', apiKey: 'k-123' },
      registries: [{ server: 'r.example', token: 't' }],
    };
    expect(redact(settings)).toEqual({
      engine: { mode: 'vm', host: 'tcp://10.0.0.2:2376' },
      proxy: { user: 'ann', password: '(removed)', apiKey: '(removed)' },
      registries: [{ server: 'r.example', token: '(removed)' }],
    });
  });

  it('packs its files as a .tar.gz that GNU tar reads back', () => {
    const dir = mkdtempSync('/tmp/berth-diag-test-');
    const file = join(dir, 'b.tar.gz');
    writeFileSync(
      file,
      tarGz(
        [
          { name: 'versions.json', text: '{"berth":"0.1.0"}' },
          { name: 'logs/vm-console.log', text: 'Linux version 6.1\n' },
        ],
        1_795_000_000,
      ),
    );
    expect(execFileSync('tar', ['-tzf', file]).toString().split('\n').filter(Boolean)).toEqual(['versions.json', 'logs/vm-console.log']);
    expect(execFileSync('tar', ['-xzOf', file, 'logs/vm-console.log']).toString()).toBe('Linux version 6.1\n');
    rmSync(dir, { recursive: true, force: true });
  });
});
