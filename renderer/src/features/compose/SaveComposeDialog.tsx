import { useEffect, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { JsonIcon, SaveIcon } from '../../ui/icons';
import { usePathWithDefault } from '../../lib/use-path-default';
import { useComposeExport } from './export-store';

/** A file name for the export of `what` (a container or a project): `<what>-compose.yaml`, safe on every system. */
export function exportFileName(what: string): string {
  return `${what.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'containers'}-compose.yaml`;
}

/** The Compose file that recreates containers: shown first, then saved to a path on this computer. */
export function SaveComposeDialog({ ids, what, onClose }: { ids: readonly string[]; what: string; onClose(): void }) {
  const s = useComposeExport();
  const [path, setPath, pathReady] = usePathWithDefault(exportFileName(what));
  const [overwrite, setOverwrite] = useState(false);
  const hintId = useId();
  useEffect(() => {
    void useComposeExport.getState().preview(ids);
    return () => useComposeExport.getState().reset();
    // The ids of one dialog do not change while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const save = () => path.trim() && void s.save(path.trim(), overwrite);
  return (
    <Dialog
      wide
      title={`Save ${what} as compose.yaml`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>{s.savedTo ? 'Close' : 'Cancel'}</Button>
          {!s.savedTo && (
            <Button variant="primary" icon={SaveIcon} busy={s.saving} disabled={!s.file || !path.trim()} onClick={save}>
              Save
            </Button>
          )}
        </>
      }
    >
      <p>
        A Compose file that recreates {ids.length === 1 ? 'this container' : `these ${ids.length} containers`}: image, command, environment, ports, volumes,
        networks, restart policy, healthcheck and limits (what the image already sets is left out).
        {s.file?.project && (
          <>
            {' '}
            Bring it up as the project <code>{s.file.project}</code> to get the same names.
          </>
        )}
      </p>
      {s.loading && <p role="status">Reading the containers…</p>}
      {s.error && <Alert>{s.error}</Alert>}
      {s.file && (
        <>
          {s.file.notes.map((n) => (
            <Alert key={n} tone="warn">
              {n}
            </Alert>
          ))}
          <div className="compose-export-head">
            <JsonIcon className="icon" aria-hidden /> compose.yaml
            <CopyButton text={s.file.yaml} label="Copy the compose file" />
          </div>
          <pre className="command compose-export" aria-label="compose.yaml" tabIndex={0}>
            {s.file.yaml}
          </pre>
          <label className="field">
            Save to file
            <input
              value={path}
              onChange={(e) => setPath(e.target.value)}
              readOnly={!pathReady || s.saving || !!s.savedTo}
              spellCheck={false}
              aria-describedby={hintId}
            />
          </label>
          <p id={hintId} className="hint">
            A full path on this computer; ~ is your home folder.
          </p>
          <label className="check">
            <input type="checkbox" checked={overwrite} disabled={s.saving || !!s.savedTo} onChange={(e) => setOverwrite(e.target.checked)} />
            Replace the existing file
          </label>
        </>
      )}
      {s.saveError && <Alert>{s.saveError}</Alert>}
      {s.savedTo && <p role="status">Saved to {s.savedTo}.</p>}
    </Dialog>
  );
}

/** The button that opens "Save as compose.yaml" for containers (a container's page, a selection, a Compose group). */
export function SaveComposeButton({ ids, what, iconOnly, disabled }: { ids: readonly string[]; what: string; iconOnly?: boolean; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {iconOnly ? (
        <Button
          variant="ghost"
          icon={SaveIcon}
          aria-label={`Save ${what} as compose.yaml`}
          title="Save as compose.yaml…"
          disabled={disabled}
          onClick={() => setOpen(true)}
        />
      ) : (
        <Button icon={SaveIcon} disabled={disabled} onClick={() => setOpen(true)}>
          Save as compose.yaml
        </Button>
      )}
      {/* In the body, so a table row's styles (narrow icon buttons, one line of text) stay out of the dialog. */}
      {open && createPortal(<SaveComposeDialog ids={ids} what={what} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
