/**
 * Image archives (save, load, import): the progress each stream sends, the
 * default file name of a save, and a first check of `docker import -c`
 * lines. Pure; shared by the engine and the renderer.
 */
import type { ArchiveProgress } from '../contract/dto.js';

/** Where a save goes by default and how the user's host writes paths. */
export interface ArchiveDefaults {
  /** An absolute folder: the user's Downloads folder when there is one, else their home. */
  readonly folder: string;
  /** The host's path separator ("/" or "\\"). */
  readonly sep: string;
}

/** Highest fraction shown while a transfer is still under way: 100% only when it is done. */
export const RUNNING_CAP = 0.99;

/**
 * A progress state for `bytes` of `total`: the fraction stays below 100% until
 * `done`, because a save's total is an estimate and a load or import still has
 * the engine's work to wait for after the last byte.
 */
export function archiveProgress(
  p: { bytes: number; total: number; estimated: boolean; message: string; images?: readonly string[]; id?: string },
  done = false,
): ArchiveProgress {
  const raw = p.total > 0 ? p.bytes / p.total : 0;
  const fraction = done ? 1 : Math.max(0, Math.min(RUNNING_CAP, raw));
  return {
    bytes: p.bytes,
    total: done && p.estimated ? p.bytes : p.total,
    estimated: done ? false : p.estimated,
    fraction,
    done,
    message: p.message,
    images: p.images ?? [],
    ...(p.id ? { id: p.id } : {}),
  };
}

/**
 * The default file name for saving images: `<repo>_<tag>.tar` with anything
 * but letters, digits, `.`, `_` and `-` turned into `_` (so `registry:5000/team/app:v1`
 * becomes `registry_5000_team_app_v1.tar`); an image id gives `image_<12 hex>.tar`.
 */
export function archiveFileName(refs: readonly string[]): string {
  const first = refs[0] ?? 'images';
  const id = /^(sha256:)?([0-9a-f]{12,64})$/.exec(first);
  const base = id ? `image_${id[2]!.slice(0, 12)}` : first.replace(/@sha256:[0-9a-f]+$/, '');
  const clean = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 120);
  const more = refs.length > 1 ? `_and_${refs.length - 1}_more` : '';
  return `${clean || 'images'}${more}.tar`;
}

/** `folder` + `name` with the host's separator, without doubling it. */
export function joinHostPath(folder: string, sep: string, name: string): string {
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** Instructions the engine accepts in `docker import -c` / `docker commit -c`. */
export const CHANGE_INSTRUCTIONS = [
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'ONBUILD',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

/** The non-empty lines of a changes field, trimmed. */
export function changeLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A sentence about the first change line the engine would refuse, or undefined when all look right. */
export function checkChangeLines(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const word = /^\S+/.exec(line)?.[0] ?? '';
    if (!(CHANGE_INSTRUCTIONS as readonly string[]).includes(word.toUpperCase())) {
      return `"${line}" is not a change the engine accepts: start each line with one of ${CHANGE_INSTRUCTIONS.join(', ')}.`;
    }
    if (!line.slice(word.length).trim()) return `"${line}" needs a value, like CMD ["sh"].`;
  }
  return undefined;
}
