/**
 * Save an image to a tar file, load images from one, import a root
 * filesystem tarball: each a dialog with a host path (the backend runs on
 * this machine and reads or writes the file), byte progress and a real cancel.
 * Electron will put a native file picker in front of the same path fields
 * (dialog.showSaveDialog / showOpenDialog through the preload); the calls stay as they are.
 */
import { useId, useState } from 'react';
import { archiveFileName, changeLines, checkChangeLines } from '../../../../engine/contract/archive';
import type { ArchiveProgress } from '../../../../engine/contract/dto';
import { parseImageRef } from '../../../../engine/contract/image-ref';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { ImportIcon, LoadIcon, SaveIcon } from '../../ui/icons';
import { formatBytes } from '../../lib/format';
import { useArchiveTransfer } from './use-archive-transfer';
import { usePathWithDefault } from '../../lib/use-path-default';

/** Which archive dialog is open. */
export type ArchiveDialogState = { readonly kind: 'save'; readonly image: string } | { readonly kind: 'load' } | { readonly kind: 'import' };

/** The one mount point for the archive dialogs on the Images page. */
export function ArchiveDialog({ state, onClose }: { state: ArchiveDialogState | undefined; onClose(): void }) {
  switch (state?.kind) {
    case undefined:
      return null;
    case 'save':
      return <SaveImageDialog image={state.image} onClose={onClose} />;
    case 'load':
      return <LoadImagesDialog onClose={onClose} />;
    case 'import':
      return <ImportImageDialog onClose={onClose} />;
  }
}

/** Bytes moved, of how many (an estimate while saving), the overall bar and what is happening. */
export function ArchiveProgressView({ progress, what }: { progress: ArchiveProgress; what: string }) {
  const pct = Math.round(progress.fraction * 100);
  return (
    <>
      <progress className="overall" max={100} value={pct} aria-label={`${what} progress: ${pct}%`} />
      <p className="hint">
        {formatBytes(progress.bytes)} of{' '}
        {progress.estimated ? `about ${formatBytes(progress.total)} (estimated from the image size)` : formatBytes(progress.total)}
      </p>
      <p className="hint" role="status">
        {progress.message}
      </p>
    </>
  );
}

function PathField({ label, value, onChange, disabled, hint }: { label: string; value: string; onChange(v: string): void; disabled: boolean; hint: string }) {
  const hintId = useId();
  return (
    <>
      <label className="field">
        {label}
        <input value={value} onChange={(e) => onChange(e.target.value)} readOnly={disabled} spellCheck={false} aria-describedby={hintId} autoFocus />
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </>
  );
}

/** A running transfer as the dialog shows it. */
type TransferView = Omit<ReturnType<typeof useArchiveTransfer>, 'start'>;

/** What a transfer has to say under the fields: its error, a cancel's outcome, its progress. */
function TransferState({ t, what }: { t: TransferView; what: string }) {
  return (
    <>
      {t.elsewhere && <Alert tone="info">Another save, load or import is running (see Transfers in the sidebar); one at a time.</Alert>}
      {t.running && <p className="hint">Closing this leaves the {what.toLowerCase()} running; Transfers in the sidebar shows it.</p>}
      {t.error && <Alert>{t.error}</Alert>}
      {t.outcome && <p role="status">{t.outcome}</p>}
      {t.progress && <ArchiveProgressView progress={t.progress} what={what} />}
    </>
  );
}

function actions(t: TransferView, what: string, primary: { icon: typeof SaveIcon; label: string; disabled: boolean; run(): void }, onClose: () => void) {
  return (
    <>
      {t.running && <Button onClick={t.cancel}>Cancel {what.toLowerCase()}</Button>}
      <Button onClick={onClose}>{t.done || t.running ? 'Close' : 'Cancel'}</Button>
      {!t.done && (
        <Button variant="primary" icon={primary.icon} busy={t.running} disabled={primary.disabled || t.running || t.elsewhere} onClick={primary.run}>
          {primary.label}
        </Button>
      )}
    </>
  );
}

/** `docker save` of one image name into a file on this machine. */
export function SaveImageDialog({ image, onClose }: { image: string; onClose(): void }) {
  const [path, setPath, pathReady] = usePathWithDefault(archiveFileName([image]));
  const [overwrite, setOverwrite] = useState(false);
  const t = useArchiveTransfer('images.save', image);
  const close = () => {
    t.close();
    onClose();
  };
  const run = () => path.trim() && t.start({ refs: [image], path: path.trim(), overwrite });
  return (
    <Dialog title={`Save ${image}`} onClose={close} actions={actions(t, 'Save', { icon: SaveIcon, label: 'Save', disabled: !path.trim(), run }, close)}>
      <p>Writes the image, its layers and its name into one tar file, as docker save does; docker load or Berth's Load brings it back.</p>
      <PathField
        label="Save to file"
        value={path}
        onChange={setPath}
        disabled={t.running || !pathReady}
        hint="A full path on this computer; ~ is your home folder. The file appears only once it is complete."
      />
      <label className="check">
        <input type="checkbox" checked={overwrite} disabled={t.running} onChange={(e) => setOverwrite(e.target.checked)} />
        Replace the existing file (it is kept until the new one is complete)
      </label>
      <TransferState t={t} what="Save" />
    </Dialog>
  );
}

/** `docker load` of the images in a tar file on this machine. */
export function LoadImagesDialog({ onClose }: { onClose(): void }) {
  const [path, setPath, pathReady] = usePathWithDefault('');
  const t = useArchiveTransfer('images.load');
  const close = () => {
    t.close();
    onClose();
  };
  const run = () => path.trim() && t.start({ path: path.trim() });
  return (
    <Dialog title="Load images from a file" onClose={close} actions={actions(t, 'Load', { icon: LoadIcon, label: 'Load', disabled: !path.trim(), run }, close)}>
      <p>Loads the images of a tar file made by docker save (or Berth's Save), with their names. For a root filesystem tarball, use Import….</p>
      <PathField
        label="File to load"
        value={path}
        onChange={setPath}
        disabled={t.running || !pathReady}
        hint="A full path on this computer; ~ is your home folder. Compressed (gzip) archives load too."
      />
      <TransferState t={t} what="Load" />
    </Dialog>
  );
}

/** `docker import` of a root filesystem tarball as a new image, with an optional name and Dockerfile changes. */
export function ImportImageDialog({ onClose }: { onClose(): void }) {
  const [path, setPath, pathReady] = usePathWithDefault('');
  const [ref, setRef] = useState('');
  const [changes, setChanges] = useState('');
  const [message, setMessage] = useState('');
  const t = useArchiveTransfer('images.import');
  const close = () => {
    t.close();
    onClose();
  };
  const parsed = ref.trim() ? parseImageRef(ref) : undefined;
  const refProblem =
    parsed && !parsed.ok ? parsed.message : parsed?.ok && parsed.value.digest ? 'An imported image gets a name and tag, not a digest.' : undefined;
  const lines = changeLines(changes);
  const changesProblem = checkChangeLines(lines);
  const refHint = useId();
  const changesHint = useId();
  const run = () =>
    path.trim() &&
    !refProblem &&
    !changesProblem &&
    t.start({ path: path.trim(), ref: ref.trim() || undefined, changes: lines, message: message.trim() || undefined });
  return (
    <Dialog
      title="Import a root filesystem"
      onClose={close}
      actions={actions(t, 'Import', { icon: ImportIcon, label: 'Import', disabled: !path.trim() || !!refProblem || !!changesProblem, run }, close)}
    >
      <p>Makes a one-layer image from a tarball of a root filesystem (plain, gzip, bzip2 or xz), as docker import does.</p>
      <PathField
        label="Tarball"
        value={path}
        onChange={setPath}
        disabled={t.running || !pathReady}
        hint="A full path on this computer; ~ is your home folder."
      />
      <label className="field">
        Repository:tag (optional)
        <input
          value={ref}
          onChange={(e) => setRef(e.target.value)}
          readOnly={t.running}
          placeholder="team/rootfs:1.0"
          aria-invalid={refProblem ? true : undefined}
          aria-describedby={refHint}
        />
      </label>
      <p id={refHint} className={refProblem ? 'hint invalid' : 'hint'} role={refProblem ? 'alert' : undefined}>
        {refProblem ?? (parsed?.ok ? `Tags the new image ${parsed.value.familiar}.` : 'Without a name the image is listed as <none> and kept by its id.')}
      </p>
      <label className="field">
        Changes (optional, one per line)
        <textarea
          rows={3}
          value={changes}
          onChange={(e) => setChanges(e.target.value)}
          readOnly={t.running}
          placeholder={'CMD ["sh"]\nENV PATH=/bin'}
          aria-invalid={changesProblem ? true : undefined}
          aria-describedby={changesHint}
          spellCheck={false}
        />
      </label>
      <p id={changesHint} className={changesProblem ? 'hint invalid' : 'hint'} role={changesProblem ? 'alert' : undefined}>
        {changesProblem ?? 'Dockerfile instructions applied to the image, as docker import -c: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR…'}
      </p>
      <label className="field">
        Message (optional)
        <input value={message} onChange={(e) => setMessage(e.target.value)} readOnly={t.running} placeholder="Where this filesystem comes from" />
      </label>
      <TransferState t={t} what="Import" />
    </Dialog>
  );
}
