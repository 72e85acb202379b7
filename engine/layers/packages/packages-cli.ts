/**
 * `berth image packages IMAGE [--json]` and `berth image sbom IMAGE --format
 * cyclonedx|spdx [-o FILE]`: an image's packages layer by layer, and its SBOM.
 */
import { resolve } from 'node:path';
import type { RpcClient } from '../../rpc/client.js';
import { formatBytes } from '../../contract/format.js';
import { UsageError, parseFlags } from '../../util/cli-args.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { ImagePackages, PackageChange } from './contract.js';

export const IMAGE_USAGE = `  image packages IMAGE [--json]
                       the packages each layer of IMAGE installed, upgraded and removed (dpkg, apk, npm, Python, Go)
  image sbom IMAGE --format cyclonedx|spdx [-o FILE]
                       the image's SBOM (CycloneDX 1.5 or SPDX 2.3 JSON), made offline; to FILE, else standard output`;

const MARK: Record<PackageChange['kind'], string> = { installed: '+', upgraded: '↑', downgraded: '↓', removed: '-' };

/** Pure: the packages as text: each layer with its changes, then the totals. */
export function packagesText(p: ImagePackages): string {
  const lines: string[] = [];
  if (p.os) lines.push(`${p.os.prettyName ?? p.os.id} (${p.id.slice(7, 19)})`);
  for (const l of p.layers) {
    lines.push(`L${l.index} ${l.instruction || '(no instruction recorded)'}`);
    if (!l.changes.length) lines.push('    no package changes');
    for (const c of l.changes) {
      const q = c.package;
      const version = c.from ? `${c.from} → ${q.version}` : q.version;
      const licence = q.licences.length ? q.licences.join(', ') : 'licence unknown';
      const size = q.size !== undefined ? `, ${formatBytes(q.size)}` : '';
      lines.push(`  ${MARK[c.kind]} ${q.ecosystem} ${q.name} ${version} (${licence}${size}) ${q.location}`);
    }
  }
  const by = new Map<string, number>();
  for (const q of p.packages) by.set(q.ecosystem, (by.get(q.ecosystem) ?? 0) + 1);
  lines.push(
    `${p.packages.length} package${p.packages.length === 1 ? '' : 's'} in the image${by.size ? `: ${[...by].map(([e, n]) => `${n} ${e}`).join(', ')}` : ''}.`,
  );
  for (const u of p.unreadable) lines.push(`Not read: ${u.path} (layer ${u.layer}): ${u.why}.`);
  return `${lines.join('\n')}\n`;
}

/** Run one `berth image` command; returns the exit code. */
export async function imageMain(args: string[], connect: () => Promise<RpcClient>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [command, image, ...rest] = args;
  if (command !== 'packages' && command !== 'sbom')
    throw new UsageError(command ? `Unknown image command "${command}".` : 'Missing image command (packages, sbom, diff, copy).');
  if (!image || image.startsWith('-')) throw new UsageError(`Name the image: berth image ${command} IMAGE.`);
  if (command === 'packages') {
    const f = parseFlags(rest, { json: { type: 'boolean' } });
    const client = await connect();
    try {
      const p = await client.call('layers.packages', { ref: image });
      out(f.json ? `${JSON.stringify(p, null, 2)}\n` : packagesText(p));
      return 0;
    } finally {
      client.close();
    }
  }
  const f = parseFlags(rest, { format: { type: 'string' }, output: { type: 'string', short: 'o' } });
  if (f.format !== 'cyclonedx' && f.format !== 'spdx')
    throw new UsageError(f.format ? `"${f.format}" is not an SBOM format: use cyclonedx or spdx.` : 'Choose the format: --format cyclonedx or --format spdx.');
  const client = await connect();
  try {
    const sbom = await client.call('layers.sbom', { ref: image, format: f.format });
    if (!f.output) {
      out(sbom.document ?? '');
      return 0;
    }
    const path = resolve(f.output);
    await writeFileAtomic(path, sbom.document ?? '', 0o644).catch((e: Error) => {
      throw new Error(`Could not write ${path}: ${e.message}.`);
    });
    err(
      `Wrote the ${f.format === 'cyclonedx' ? 'CycloneDX 1.5' : 'SPDX 2.3'} SBOM of ${image} (${sbom.packages} packages, ${formatBytes(sbom.bytes)}) to ${path}.\n`,
    );
    return 0;
  } finally {
    client.close();
  }
}
