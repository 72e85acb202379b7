/** A file's contents (the start of it) and saving a file or directory out of the image onto this computer. */
import { useEffect, useState } from 'react';
import type { LayerTreeEntry } from '../../../../engine/contract/layers';
import { Button } from '../../ui/Button';
import { DownloadIcon, InspectIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { usePathWithDefault } from '../../lib/use-path-default';
import type { TreeView } from './layers-model';
import { extractKey, treeKey, useLayers } from './layers-store';

export function FilePreviewView({ image, layer, view, entry }: { image: string; layer: number; view: TreeView; entry: LayerTreeEntry }) {
  const key = treeKey(image, layer, view, entry.path);
  const shown = useLayers((s) => (s.preview?.key === key ? s.preview : undefined));
  const { showPreview, dropPreview } = useLayers.getState();
  useEffect(() => () => dropPreview(key), [key, dropPreview]);
  const preview = shown?.value;
  const error = shown?.error;
  const busy = !!shown?.busy;
  const show = () => showPreview(image, layer, view, entry.path);
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
  const key = extractKey(image, layer, entry.path);
  const x = useLayers((s) => (s.extract?.key === key ? s.extract : undefined));
  const { startExtract, cancelExtract, dropExtract } = useLayers.getState();
  // The form going away cancels its save.
  useEffect(() => () => dropExtract(key), [key, dropExtract]);
  const running = !!x?.running;
  const progress = x?.progress;
  const error = x?.error;
  const start = () => startExtract(image, layer, entry.path, folder.trim());
  return (
    <form
      className="extract-form"
      aria-label={`Save ${entry.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (folder.trim() && !running) start();
      }}
    >
      <label className="field">
        Into folder
        <input value={folder} onChange={(e) => setFolder(e.target.value)} readOnly={running || !ready} spellCheck={false} />
      </label>
      <div className="toolbar">
        {running ? (
          <Button onClick={cancelExtract}>Cancel</Button>
        ) : (
          <Button type="submit" variant="primary" icon={DownloadIcon} disabled={!folder.trim() || !!progress?.done}>
            Save
          </Button>
        )}
      </div>
      {running && progress && !progress.done && (
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
