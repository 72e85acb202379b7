/**
 * The transfers still going (or just ended) wherever the user is: pulls, pushes and a save, load
 * or import, each with its progress and Cancel; a click reopens its dialog on the Images page.
 * An ended one shows its result (done, or the error sentence) until dismissed.
 */
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../ui/Button';
import { AlertIcon, CloseIcon, DoneIcon, DownloadIcon, EnginesIcon, ImportIcon, LoadIcon, SaveIcon, UploadIcon } from '../../ui/icons';
import type { ArchiveMethod } from './archive-transfer';
import { useImages } from './images-store';
import { useTransfers, type RegistryKind } from './transfers-store';

const VERB: Record<RegistryKind | ArchiveMethod, { running: string; done: string; noun: string; icon: typeof SaveIcon }> = {
  pull: { running: 'Pulling', done: 'Pulled', noun: 'pull', icon: DownloadIcon },
  push: { running: 'Pushing', done: 'Pushed', noun: 'push', icon: UploadIcon },
  'images.save': { running: 'Saving', done: 'Saved', noun: 'save', icon: SaveIcon },
  'images.load': { running: 'Loading', done: 'Loaded', noun: 'load', icon: LoadIcon },
  'images.import': { running: 'Importing', done: 'Imported', noun: 'import', icon: ImportIcon },
  'images.copyTo': { running: 'Copying', done: 'Copied', noun: 'copy', icon: EnginesIcon },
};

interface ItemView {
  readonly verb: (typeof VERB)[keyof typeof VERB];
  readonly subject: string;
  readonly running: boolean;
  readonly fraction?: number;
  /** The error, or what a cancel left; none when it ended well. */
  readonly problem?: string;
  open(): void;
  cancel(): void;
  dismiss(): void;
}

/** Show the Images page with a dialog open on it. */
function reopen(dialog: Parameters<ReturnType<typeof useImages.getState>['open']>[0]): void {
  useImages.getState().open(dialog);
  window.location.hash = '#/images';
}

/** The end of a reference or path (`team/app:v1` → `app:v1`), for the narrow sidebar; the whole is in the tooltip and the accessible names. */
function shortName(subject: string): string {
  return subject.slice(subject.lastIndexOf('/') + 1) || subject;
}

function Item({ item }: { item: ItemView }) {
  const { verb, subject, running } = item;
  const name = `${verb.noun[0]!.toUpperCase()}${verb.noun.slice(1)} of ${subject}`;
  const pct = Math.round((item.fraction ?? 0) * 100);
  const Icon = running ? verb.icon : item.problem ? AlertIcon : DoneIcon;
  return (
    <li className="transfer" data-state={running ? 'running' : item.problem ? 'failed' : 'done'}>
      <div className="transfer-head">
        <button type="button" className="transfer-open" onClick={item.open} title={subject} aria-label={`Show the ${verb.noun} of ${subject}`}>
          <Icon className="icon" aria-hidden />
          <span className="transfer-name">
            {running ? verb.running : item.problem ? `${verb.noun[0]!.toUpperCase()}${verb.noun.slice(1)} of` : verb.done} <span>{shortName(subject)}</span>
          </span>
        </button>
        <Button
          variant="ghost"
          icon={CloseIcon}
          aria-label={running ? `Cancel ${verb.noun} of ${subject}` : `Dismiss ${verb.noun} of ${subject}`}
          title={running ? `Cancel ${verb.noun}` : 'Dismiss'}
          onClick={running ? item.cancel : item.dismiss}
        />
      </div>
      {running ? (
        <div className="transfer-bar">
          <progress max={100} value={pct} aria-label={`${name}: ${pct}%`} />
          <span className="muted" aria-hidden>
            {pct}%
          </span>
        </div>
      ) : (
        <p className="transfer-result" role="status" aria-label={name}>
          {item.problem ?? `${verb.done} ${subject}.`}
        </p>
      )}
    </li>
  );
}

/** Every pull, push and archive transfer in the store, in the sidebar; nothing when there is none. */
export function TransfersIndicator() {
  const registry = useTransfers(useShallow((s) => Object.values(s.registry)));
  const archive = useTransfers((s) => s.archive);
  const { cancelRegistry, dismissRegistry, cancelArchive, dismissArchive } = useTransfers.getState();
  const items: ItemView[] = registry.map((t) => ({
    verb: VERB[t.kind],
    subject: t.ref,
    running: t.running,
    fraction: t.progress?.fraction,
    problem: t.error,
    open: () => reopen(t.kind === 'pull' ? { kind: 'pull', ref: t.ref } : { kind: 'push', image: t.ref, resume: true }),
    cancel: () => cancelRegistry(t.kind, t.ref),
    dismiss: () => dismissRegistry(t.kind, t.ref),
  }));
  if (archive) {
    const { method, subject } = archive;
    items.push({
      verb: VERB[method],
      subject,
      running: archive.running,
      fraction: archive.progress?.fraction,
      problem: archive.error ?? archive.outcome,
      open: () =>
        reopen(
          method === 'images.save'
            ? { kind: 'save', image: subject }
            : method === 'images.copyTo'
              ? { kind: 'copy', image: subject, resume: true }
              : { kind: method === 'images.load' ? 'load' : 'import' },
        ),
      cancel: cancelArchive,
      dismiss: dismissArchive,
    });
  }
  if (items.length === 0) return null;
  const running = items.filter((i) => i.running).length;
  return (
    <section className="transfers" aria-label="Transfers">
      <h2 className="transfers-title">Transfers{running > 0 && <span className="muted"> · {running} running</span>}</h2>
      <ul>
        {items.map((item) => (
          <Item key={`${item.verb.noun} ${item.subject}`} item={item} />
        ))}
      </ul>
    </section>
  );
}
