/**
 * Host paths for image archives. The backend runs on the user's machine, so
 * the UI names files by path and the backend reads and writes them: `~` is
 * expanded here, and every file-system failure becomes a sentence.
 */
import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { RpcError } from '../rpc/protocol.js';

/** Pure: `~` or `~/x` → the home folder (or x in it); other paths unchanged, trimmed. */
export function expandHome(input: string, home: string, separator = sep): string {
  const p = input.trim();
  if (p === '~') return home;
  if (p.startsWith('~/') || (separator !== '/' && p.startsWith(`~${separator}`))) return join(home, p.slice(2));
  return p;
}

/** Pure: a path as typed, as an absolute host path; a relative or `~user` path gets a sentence. */
export function resolveHostPath(input: string, home: string): string {
  const p = expandHome(input, home);
  if (!p) throw new RpcError('bad_request', 'Give the path of a file.');
  if (/^~[^/\\]/.test(p)) throw new RpcError('bad_request', `Berth understands ~ only for your own home folder; write ${p} out in full.`);
  if (!isAbsolute(p)) throw new RpcError('bad_request', `Give a full path, starting with / or ~ (not "${p}").`);
  return p;
}

/** Pure: a file-system failure on `path` as a sentence a user can act on. */
export function fileError(err: unknown, path: string, doing: 'read' | 'write'): RpcError {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new RpcError(
        'not_found',
        doing === 'read' ? `There is no file at ${path}.` : `The folder ${dirname(path)} does not exist. Choose an existing folder.`,
      );
    case 'ENOTDIR':
      return new RpcError('bad_request', `A part of ${path} is a file, not a folder.`);
    case 'EACCES':
    case 'EPERM':
      return new RpcError(
        'bad_request',
        `Berth may not ${doing} ${path} (permission denied). Choose another ${doing === 'read' ? 'file' : 'folder'} or change its permissions.`,
      );
    case 'EISDIR':
      return new RpcError('bad_request', `${path} is a folder. Give the path of a file${doing === 'write' ? ' in it, e.g. ' + join(path, 'images.tar') : ''}.`);
    case 'ENOSPC':
      return new RpcError('engine', `The disk holding ${path} is full. Free some space or choose another folder.`);
    case 'EROFS':
      return new RpcError('bad_request', `${path} is on a read-only file system. Choose another folder.`);
    default:
      return new RpcError('internal', `Could not ${doing} ${path}: ${(err as Error)?.message ?? String(err)}.`);
  }
}

/** The size of a regular file Berth can read, or a sentence saying why it cannot. */
export async function readableFile(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!s.isFile()) throw new RpcError('bad_request', `${path} is not a regular file.`);
    await access(path, constants.R_OK);
    if (s.size === 0) throw new RpcError('bad_request', `${path} is empty.`);
    return s.size;
  } catch (err) {
    throw err instanceof RpcError ? err : fileError(err, path, 'read');
  }
}

/** Check that a save may write `path`: its folder exists and is writable, and the file is new unless `overwrite`. */
export async function writableTarget(path: string, overwrite: boolean): Promise<void> {
  const folder = dirname(path);
  try {
    const d = await stat(folder);
    if (!d.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(folder, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RpcError('not_found', `The folder ${folder} does not exist. Choose an existing folder.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new RpcError('bad_request', `Berth may not write in ${folder} (permission denied). Choose another folder.`);
    throw fileError(err, folder, 'write');
  }
  const existing = await lstat(path).catch(() => undefined);
  if (!existing) return;
  if (existing.isDirectory()) throw fileError(Object.assign(new Error(), { code: 'EISDIR' }), path, 'write');
  if (!overwrite) throw new RpcError('conflict', `${path} already exists. Choose another name, or tick "Replace the existing file".`);
  if (!existing.isFile()) throw new RpcError('bad_request', `${path} is not a regular file; Berth replaces only files.`);
}

/** The default folder for saves: ~/Downloads when it exists, else the home folder. */
export async function archiveDefaults(home = homedir()): Promise<{ folder: string; sep: string }> {
  const downloads = join(home, 'Downloads');
  const hasDownloads = await stat(downloads).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return { folder: hasDownloads ? downloads : home, sep };
}
