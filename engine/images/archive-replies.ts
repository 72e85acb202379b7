/**
 * The engine's replies to `POST /images/load` and `POST /images/create?fromSrc=-`
 * (newline-delimited JSON), read into the names loaded, the id imported, and
 * errors a user can act on. Pure; tested on replies recorded from dockerd.
 */

/** One JSON object of a load or import reply. */
export interface ArchiveReplyLine {
  readonly stream?: string;
  readonly status?: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly message?: string;
}

/** What a load reply has said so far. */
export interface LoadReplyState {
  /** Names (or ids, for an archive saved by id) the engine has loaded. */
  readonly images: readonly string[];
  /** The engine's latest progress line, e.g. "Loading layer 70e5eafc488c: 1.0 of 2.0 MB". */
  readonly status: string;
}

export const emptyLoadReply: LoadReplyState = { images: [], status: '' };

/** An engine failure met in a reply, with the engine's own words kept in `engineText`. */
export class ArchiveReplyError extends Error {
  constructor(
    message: string,
    readonly engineText: string,
  ) {
    super(message);
    this.name = 'ArchiveReplyError';
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

function failure(line: ArchiveReplyLine): string | undefined {
  return line.errorDetail?.message ?? line.error ?? (line.message && !line.status && !line.stream ? line.message : undefined);
}

/** Apply one object of a load reply; an error object throws an ArchiveReplyError with a sentence. */
export function applyLoadReply(state: LoadReplyState, line: ArchiveReplyLine): LoadReplyState {
  const failed = failure(line);
  if (failed) throw new ArchiveReplyError(loadFailure(failed), failed);
  const loaded = /^Loaded image(?: ID)?: (.+?)\s*$/.exec(line.stream ?? '');
  if (loaded) return { images: [...state.images, loaded[1]!], status: `Loaded ${loaded[1]}` };
  if (line.status) {
    const d = line.progressDetail;
    const amount = d?.total ? `: ${mb(d.current ?? 0)} of ${mb(d.total)}` : '';
    return { ...state, status: `${line.status}${line.id ? ` ${line.id}` : ''}${amount}` };
  }
  return state;
}

/** The new image's id from an import reply object, if this is the one that carries it; an error object throws. */
export function importedId(line: ArchiveReplyLine): string | undefined {
  const failed = failure(line);
  if (failed) throw new ArchiveReplyError(importFailure(failed), failed);
  return /^sha256:[0-9a-f]{64}$/.test(line.status ?? '') ? line.status : undefined;
}

const TAR_CUT = /unexpected EOF|archive\/tar: invalid tar header|invalid tar header/i;

/** A sentence for a failed load, from the engine's message. */
export function loadFailure(engineText: string): string {
  if (TAR_CUT.test(engineText)) {
    return `The file is not an image archive: it is not a tar file, or it is cut short. Choose a file made by docker save or Berth's Save. (The engine says: ${engineText}.)`;
  }
  if (/docker-import-\d+\/.*json: no such file or directory|manifest\.json/.test(engineText)) {
    return `This tar file is not an image archive made by docker save (it has no manifest.json). If it holds a root filesystem, use Import… instead.`;
  }
  return `The engine could not load the file: ${engineText}.`;
}

/** A sentence for a failed import, from the engine's message. */
export function importFailure(engineText: string): string {
  if (TAR_CUT.test(engineText)) {
    return `The file is not a root filesystem tarball: it is not a tar file (plain, gzip, bzip2 or xz), or it is cut short. (The engine says: ${engineText}.)`;
  }
  if (/is not a valid change command/.test(engineText)) {
    return `The engine refused a change: ${engineText}. Start each line with an instruction such as CMD, ENV or WORKDIR.`;
  }
  return `The engine could not import the file: ${engineText}.`;
}
