/** `berth image diff A B [--packages] [--json]`: two local images compared file by file, and their packages. */
import type { RpcClient } from '../../rpc/client.js';
import { formatBytes } from '../../contract/format.js';
import { UsageError, parseFlags } from '../../util/cli-args.js';
import { packageDiffText } from '../packages/compare-packages.js';
import { describeChange, type DiffEntry, type DiffLayer, type DiffSide, type ImageDiff } from './contract.js';

export const DIFF_USAGE = `  image diff A B [--packages] [--json]
                       image B against image A file by file: paths added (+), removed (-) and changed (~), with totals
                       and the layer of each image that wrote them; --packages adds the packages added, removed,
                       upgraded and downgraded`;

/** Every entry: the CLI lists the whole difference. */
const ALL = 5_000_000;

const MARK: Record<DiffEntry['status'], string> = { added: '+', removed: '-', changed: '~', unchanged: ' ' };
const nameOf = (e: DiffEntry, side: DiffSide) => `/${e.display}${side.kind === 'dir' ? '/' : side.kind === 'symlink' ? ` -> ${side.link ?? ''}` : ''}`;
const sizeOf = (s: DiffSide) => (s.kind === 'file' ? formatBytes(s.size) : s.kind === 'dir' ? '' : s.kind);

const layerLine = (side: 'a' | 'b', l: DiffLayer) =>
  `  ${side} L${l.index} ${l.instruction || '(no instruction recorded)'}: ${l.paths} path${l.paths === 1 ? '' : 's'}, ${formatBytes(l.bytes)}`;

/** Pure: the comparison as text: the images, shared layers, each difference, the totals and the layers responsible. */
export function diffText(d: ImageDiff): string {
  const lines: string[] = [];
  lines.push(`a: ${d.a.ref} (${d.a.id.slice(7, 19)}), ${d.a.layers.length} layers`);
  lines.push(`b: ${d.b.ref} (${d.b.id.slice(7, 19)}), ${d.b.layers.length} layers`);
  lines.push(
    d.sharedBase
      ? `They share their first ${d.sharedBase} layer${d.sharedBase === 1 ? '' : 's'} (${formatBytes(d.sharedBytes)}).`
      : 'They share no base layers.',
  );
  for (const e of d.entries) {
    if (e.status === 'unchanged') continue;
    const line = (...parts: string[]) => lines.push(`${MARK[e.status]} ${parts.filter(Boolean).join('  ')}`);
    if (e.status === 'added') line(nameOf(e, e.b!), sizeOf(e.b!), `(b L${e.b!.layer})`);
    else if (e.status === 'removed') line(nameOf(e, e.a!), sizeOf(e.a!), `(a L${e.a!.layer})`);
    else line(nameOf(e, e.b!), describeChange(e), `(a L${e.a!.layer}, b L${e.b!.layer})`);
  }
  if (d.more) lines.push(`… and ${d.more} more.`);
  const t = d.totals;
  if (!t.added && !t.removed && !t.changed) lines.push('No differences: both images hold the same files.');
  else
    lines.push(
      `${t.added} added, ${t.removed} removed, ${t.changed} changed; ${formatBytes(t.bytesAdded)} added, ${formatBytes(t.bytesRemoved)} removed; files ${formatBytes(t.sizeA)} → ${formatBytes(t.sizeB)}.`,
    );
  const responsible = [...d.a.layers.filter((l) => l.paths).map((l) => layerLine('a', l)), ...d.b.layers.filter((l) => l.paths).map((l) => layerLine('b', l))];
  if (responsible.length) lines.push('Layers that wrote the differences:', ...responsible);
  return `${lines.join('\n')}\n`;
}

/** Run `berth image diff A B [--packages] [--json]`; returns the exit code. */
export async function imageDiffMain(args: string[], connect: () => Promise<RpcClient>, out: (s: string) => void): Promise<number> {
  const [a, b, ...rest] = args;
  if (!a || a.startsWith('-') || !b || b.startsWith('-')) throw new UsageError('Name both images: berth image diff A B.');
  const f = parseFlags(rest, { json: { type: 'boolean' }, packages: { type: 'boolean' } });
  const client = await connect();
  try {
    const d = await client.call('layers.diff', { a, b, limit: ALL });
    // After the files: each image's layers were read for them, and their package files with them.
    const p = f.packages ? await client.call('layers.comparePackages', { a, b }) : undefined;
    if (f.json) out(`${JSON.stringify(p ? { ...d, packages: p } : d, null, 2)}\n`);
    else out(diffText(d) + (p ? packageDiffText(p) : ''));
    return 0;
  } finally {
    client.close();
  }
}
