/**
 * The layer browser's reading of an image set against the OCI reference's,
 * as a list of differences in words (empty when they agree): each layer's
 * added, modified and removed counts and paths (the change tree), its bytes,
 * the image as of each layer (the stacked tree), the total, and the wasted
 * bytes overall and by path. Used by tests only.
 */
import { analyse, changeTree, stack, walk, type TreeNode } from './image-tree.js';
import type { LayerChanges } from './layer-changes.js';
import type { RefResult } from './oci-reference.js';

const sorted = (s: Iterable<string>) => [...s].sort();

function sameSet(what: string, berth: Iterable<string>, ref: Iterable<string>, out: string[]): void {
  const b = new Set(berth);
  const r = new Set(ref);
  const onlyB = sorted([...b].filter((p) => !r.has(p)));
  const onlyR = sorted([...r].filter((p) => !b.has(p)));
  if (onlyB.length || onlyR.length) out.push(`${what}: Berth only [${onlyB.join(', ')}], reference only [${onlyR.join(', ')}]`);
}

const describeNode = (kind: string, size: number, mode: number, uid: number, gid: number, link?: string) =>
  `${kind} ${kind === 'file' || kind === 'hardlink' ? size : 0} ${mode.toString(8)} ${uid}:${gid}${link !== undefined ? ` ${link}` : ''}`;

function imageOf(tree: TreeNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, n] of walk(tree, '')) if (p !== '') out.set(p, describeNode(n.kind, n.size, n.mode, n.uid, n.gid, n.link));
  return out;
}

/** Pure: where Berth's reading of these layers differs from the reference's. */
export function compareWithReference(layers: readonly LayerChanges[], ref: RefResult): string[] {
  const out: string[] = [];
  if (layers.length !== ref.layers.length) return [`Berth read ${layers.length} layers, the reference ${ref.layers.length}`];
  const a = analyse(layers);
  ref.layers.forEach((r, i) => {
    const s = a.layers[i]!;
    const counts = (x: { added: number; modified: number; removed: number; bytes: number }) =>
      `added ${x.added}, modified ${x.modified}, removed ${x.removed}, bytes ${x.bytes}`;
    const want = { added: r.added.size, modified: r.modified.size, removed: r.removed.size, bytes: r.bytes };
    if (counts(s) !== counts(want)) out.push(`layer ${i} counts: Berth ${counts(s)}; reference ${counts(want)}`);
    // The change tree shows the same paths with the same statuses. A removed path below one that is now a
    // file or symlink has no place in a tree (its parent is no directory any more): it is only counted.
    const byStatus = { added: [] as string[], modified: [] as string[], removed: [] as string[] };
    for (const [p, n] of walk(changeTree(layers, i), '')) if (p && n.status && n.status !== 'unchanged') byStatus[n.status].push(p);
    const placeable = (p: string) =>
      p
        .split('/')
        .slice(0, -1)
        .every((_, k, parts) => {
          const anc = parts.slice(0, k + 1).join('/');
          const now = r.image.get(anc);
          return !now || now.kind === 'dir';
        });
    sameSet(`layer ${i} added paths`, byStatus.added, r.added, out);
    sameSet(`layer ${i} modified paths`, byStatus.modified, r.modified, out);
    sameSet(`layer ${i} removed paths`, byStatus.removed, [...r.removed].filter(placeable), out);
    const berthImage = imageOf(stack(layers, i));
    const refImage = new Map([...r.image].map(([p, n]) => [p, describeNode(n.kind, n.size, n.mode, n.uid, n.gid, n.link)]));
    const diff = sorted(new Set([...berthImage.keys(), ...refImage.keys()])).filter((p) => berthImage.get(p) !== refImage.get(p));
    if (diff.length)
      out.push(
        `image as of layer ${i}: ${diff
          .slice(0, 8)
          .map((p) => `${p}: Berth ${berthImage.get(p) ?? 'absent'}, reference ${refImage.get(p) ?? 'absent'}`)
          .join('; ')}`,
      );
  });
  if (a.total !== ref.total) out.push(`total bytes: Berth ${a.total}, reference ${ref.total}`);
  if (a.wasted !== ref.wasted) out.push(`wasted bytes: Berth ${a.wasted}, reference ${ref.wasted}`);
  const berthWaste = new Map(a.waste.map((w) => [w.path, w.wasted]));
  const wasteDiff = sorted(new Set([...berthWaste.keys(), ...ref.wasteByPath.keys()])).filter((p) => berthWaste.get(p) !== ref.wasteByPath.get(p));
  if (wasteDiff.length)
    out.push(`waste by path: ${wasteDiff.map((p) => `${p}: Berth ${berthWaste.get(p) ?? 0}, reference ${ref.wasteByPath.get(p) ?? 0}`).join('; ')}`);
  return out;
}
