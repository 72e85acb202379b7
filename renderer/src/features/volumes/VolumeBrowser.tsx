import { useEffect, useState } from 'react';
import type { VolumeEntry } from '../../../../engine/contract/dto';
import { useVolumes } from './volumes-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { FileIcon, FolderIcon, LinkIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';

const ICONS = { dir: FolderIcon, file: FileIcon, link: LinkIcon, other: FileIcon } as const;

/** Pure: the crumbs of a path, each with the path it opens. */
export function crumbs(path: string): Array<{ label: string; path: string }> {
  const parts = path.split('/').filter(Boolean);
  return [{ label: 'root', path: '/' }, ...parts.map((p, i) => ({ label: p, path: `/${parts.slice(0, i + 1).join('/')}` }))];
}

/** A read-only look into a volume, one folder at a time. */
export function VolumeBrowser({ name, onClose }: { name: string; onClose(): void }) {
  const [path, setPath] = useState('/');
  const shown = useVolumes((s) => (s.browsed?.name === name && s.browsed.path === path ? s.browsed : undefined));
  const { browse, closeBrowser } = useVolumes.getState();
  useEffect(() => browse(name, path), [name, path, browse]);
  useEffect(() => closeBrowser, [closeBrowser]);
  const entries = shown?.entries;
  const error = shown?.error;
  const open = (e: VolumeEntry) => e.type === 'dir' && setPath(`${path === '/' ? '' : path}/${e.name}`);
  return (
    <Dialog title={`Files in ${name.length > 24 ? name.slice(0, 12) : name}`} wide onClose={onClose} actions={<Button onClick={onClose}>Close</Button>}>
      <nav className="crumbs" aria-label="Folder">
        {crumbs(path).map((c, i, all) =>
          i === all.length - 1 ? (
            <span key={c.path} aria-current="location">
              {c.label}
            </span>
          ) : (
            <button key={c.path} type="button" className="crumb" onClick={() => setPath(c.path)}>
              {c.label}
            </button>
          ),
        )}
      </nav>
      {error && <Alert>{error}</Alert>}
      {!entries && !error && <p>Reading the folder…</p>}
      {entries && entries.length === 0 && <p>This folder is empty.</p>}
      {entries && entries.length > 0 && (
        <ul className="files" aria-label={`Contents of ${path}`}>
          {entries.map((e) => {
            const Icon = ICONS[e.type];
            const label = (
              <>
                <Icon className="icon" aria-hidden />
                <span className="file-name">{e.name}</span>
                {e.target && <span className="muted"> → {e.target}</span>}
              </>
            );
            return (
              <li key={e.name}>
                {e.type === 'dir' ? (
                  <button type="button" className="file-row" onClick={() => open(e)} aria-label={`Open folder ${e.name}`}>
                    {label}
                  </button>
                ) : (
                  <div className="file-row">{label}</div>
                )}
                <span className="mono muted">{e.mode}</span>
                <span className="num">{e.type === 'dir' ? '' : formatBytes(e.size)}</span>
                <span className="muted">{new Date(e.mtime * 1000).toLocaleString()}</span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="hint">Read-only: a short-lived helper container mounts the volume without write access or network, lists the folder, and is removed.</p>
    </Dialog>
  );
}
