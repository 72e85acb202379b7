/**
 * Copy one image to another engine of the Engines list: the window's engine
 * saves it and the chosen one loads it, streamed, with byte progress and a real
 * cancel. Closing the dialog leaves the copy running (Transfers shows it).
 */
import { useEffect, useState } from 'react';
import { useConnection } from '../../api/connection-state';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Alert } from '../../ui/feedback';
import { EnginesIcon, StartIcon } from '../../ui/icons';
import { useEngines } from '../engines';
import { ArchiveProgressView } from './ArchiveDialogs';
import { copyTargets } from './copy-targets';
import { useArchiveTransfer } from './use-archive-transfer';
import { useImages } from './images-store';

export function CopyImageDialog({ image, resume, onClose }: { image: string; resume?: boolean; onClose(): void }) {
  const source = useConnection((s) => s.engine);
  const entries = useEngines((s) => s.entries);
  const targets = copyTargets(entries, source.id);
  const [chosen, setChosen] = useState<string>();
  const t = useArchiveTransfer('images.copyTo', image);
  useEffect(() => {
    // Fresh health for the choice: an engine that went down since the list was read shows why.
    void useEngines.getState().load();
  }, []);
  const to = targets.find((x) => x.id === chosen && x.up) ?? targets.find((x) => x.up);
  const switchError = useEngines((s) => s.error);
  const close = () => {
    t.close();
    onClose();
  };
  const fromName = source.id === 'berth' ? "Berth's engine" : source.name;
  return (
    <Dialog
      title={`Copy ${image} to another engine`}
      onClose={close}
      actions={
        <>
          {t.running && <Button onClick={t.cancel}>Cancel copy</Button>}
          <Button onClick={close}>{t.done || t.running ? 'Close' : 'Cancel'}</Button>
          {t.done && !t.error && to && (
            <Button
              variant="primary"
              icon={StartIcon}
              onClick={() => void useImages.getState().runOn(to.id, image)}
              title={`This window switches to ${to.name}`}
            >
              Run on {to.name}…
            </Button>
          )}
          {!t.done && !resume && (
            <Button
              variant="primary"
              icon={EnginesIcon}
              busy={t.running}
              disabled={!to || t.running || t.elsewhere}
              onClick={() => to && t.start({ ref: image, to: to.id })}
            >
              {to ? `Copy to ${to.name}` : 'Copy'}
            </Button>
          )}
        </>
      }
    >
      <p>
        Sends the image from {fromName} straight to the engine you choose, as <code>docker save | docker load</code> does, with no temporary file. Its name on
        that engine moves to the copied image.
      </p>
      {!targets.length ? (
        <Alert tone="info">
          {fromName} is the only engine in the list. Add another on the <a href="#/engines">Engines page</a> to copy images to it.
        </Alert>
      ) : (
        <fieldset className="choices" disabled={t.running || !!resume}>
          <legend>Copy to</legend>
          {targets.map((x) => (
            <label key={x.id} title={x.why}>
              <input type="radio" name="copy-target" value={x.id} checked={to?.id === x.id} disabled={!x.up} onChange={() => setChosen(x.id)} /> {x.name}{' '}
              <span className="muted mono">{x.host}</span>
              {x.why && <span className="hint invalid"> down: {x.why}</span>}
            </label>
          ))}
        </fieldset>
      )}
      {t.elsewhere && <Alert tone="info">Another save, load, import or copy is running (see Transfers in the sidebar); one at a time.</Alert>}
      {t.running && <p className="hint">Closing this leaves the copy running; Transfers in the sidebar shows it.</p>}
      {t.error && <Alert>{t.error}</Alert>}
      {t.outcome && <p role="status">{t.outcome}</p>}
      {switchError && <Alert>{switchError}</Alert>}
      {t.progress && <ArchiveProgressView progress={t.progress} what="Copy" />}
    </Dialog>
  );
}
