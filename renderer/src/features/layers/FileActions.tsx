/** A file's contents (the start of it) and saving a file or directory out of the image onto this computer. */
import { useEffect, useState } from 'react';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import type { FilePreview, LayerTreeEntry } from '../../../../engine/contract/layers';
import { call, transfer } from '../../api/connection';
import { Button } from '../../ui/Button';
import { DownloadIcon, InspectIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { usePathWithDefault } from '../../lib/use-path-default';
import type { TreeView } from './LayerTree';

export function FilePreviewView({ image, layer, view, entry }: { image: string; layer: number; view: TreeView; entry: LayerTreeEntry }) {
  const [preview, setPreview] = useState<FilePreview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const show = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setPreview(await call('layers.preview', { ref: image, layer, view, path: entry.path }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (!preview) {
    return (
      <div className="file-action">
        <Button icon={InspectIcon} busy={busy} onClick={() => void show()}>
          Show contents
        </Button>
        {error && (
          <p className="hint invalid" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  if (preview.kind === 'binary') return <p className="hint">A binary file ({formatBytes(preview.size)}): save it to look at it with your own tools.</p>;
  return (
    <figure className="file-preview">
      <pre tabIndex={0} aria-label={`Contents of ${entry.name}`}>
        {preview.text}
      </pre>
      {preview.truncated && (
        <figcaption className="hint">
          The first {formatBytes(new TextEncoder().encode(preview.text).length)} of {formatBytes(preview.size)}.
        </figcaption>
      )}
    </figure>
  );
}

type ExtractProps = { image: string; layer: number; entry: LayerTreeEntry };

/** "Save to this computer…", opening the form (which asks for the default folder only then). */
export function ExtractForm(props: ExtractProps) {
  const [open, setOpen] = useState(false);
  if (open) return <ExtractFields {...props} />;
  return (
    <div className="file-action">
      <Button icon={DownloadIcon} onClick={() => setOpen(true)}>
        Save to this computer…
      </Button>
    </div>
  );
}

function ExtractFields({ image, layer, entry }: ExtractProps) {
  const [folder, setFolder, ready] = usePathWithDefault('');
  const [progress, setProgress] = useState<ArchiveProgress>();
  const [error, setError] = useState<string>();
  const [stop, setStop] = useState<() => void>();
  useEffect(() => () => stop?.(), [stop]);
  const start = () => {
    setError(undefined);
    setProgress(undefined);
    const cancel = transfer(
      'layers.extract',
      { ref: image, layer, path: entry.path, folder: folder.trim() },
      {
        next: setProgress,
        end: (err) => {
          setStop(undefined);
          if (err) setError(err.message);
        },
      },
    );
    setStop(() => cancel);
  };
  return (
    <form
      className="extract-form"
      aria-label={`Save ${entry.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (folder.trim() && !stop) start();
      }}
    >
      <label className="field">
        Into folder
        <input value={folder} onChange={(e) => setFolder(e.target.value)} readOnly={!!stop || !ready} spellCheck={false} />
      </label>
      <div className="toolbar">
        {stop ? (
          <Button
            onClick={() => {
              stop();
              setStop(undefined);
              setProgress(undefined);
              setError('Cancelled; nothing was written.');
            }}
          >
            Cancel
          </Button>
        ) : (
          <Button type="submit" variant="primary" icon={DownloadIcon} disabled={!folder.trim() || !!progress?.done}>
            Save
          </Button>
        )}
      </div>
      {stop && progress && !progress.done && (
        <p className="hint" role="status">
          {progress.message} {progress.bytes ? formatBytes(progress.bytes) : ''}
        </p>
      )}
      {progress?.done && <p role="status">{progress.message}</p>}
      {error && (
        <p className="hint invalid" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
