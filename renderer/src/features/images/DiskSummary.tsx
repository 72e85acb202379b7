import { useImages } from './images-store';
import { formatBytes } from '../../lib/format';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Disk use of the images by layer (shared layers once) and what pruning would free. */
export function DiskSummary() {
  const disk = useImages((s) => s.disk);
  const error = useImages((s) => s.diskError);
  if (error) return <p className="disk-summary muted">Disk use unknown: {error}</p>;
  if (!disk) return <p className="disk-summary muted">Counting disk use…</p>;
  const approx = disk.exact ? '' : '≈ ';
  return (
    <dl className="disk-summary" aria-label="Disk use">
      <div>
        <dt>On disk</dt>
        <dd>
          {approx}
          {formatBytes(disk.total)} <span className="muted">in {plural(disk.images, 'image')}</span>
        </dd>
      </div>
      <div title="Freed by removing every image no container uses; layers a used image shares are not counted.">
        <dt>Reclaimable</dt>
        <dd>
          {approx}
          {formatBytes(disk.reclaimableUnused)} <span className="muted">from {plural(disk.unusedImages, 'unused image')}</span>
        </dd>
      </div>
      <div>
        <dt>Dangling</dt>
        <dd>
          {approx}
          {formatBytes(disk.reclaimableDangling)} <span className="muted">in {plural(disk.danglingImages, 'image')}</span>
        </dd>
      </div>
    </dl>
  );
}
