/**
 * Pure: the Deploy stack dialog's form as a deploy input — the stack's name and its Compose files (one path a line,
 * in merge order, on the machine running Berth), an optional env file, prune — each bad field a sentence; and the
 * name a file suggests (its directory's, as Compose names a project).
 */
import { STACK_NAME, type StackDeployInput } from '../../../../engine/contract/index';

export interface StackForm {
  readonly name: string;
  /** One path a line. */
  readonly files: string;
  readonly envFile: string;
  readonly prune: boolean;
}

export type StackField = 'name' | 'files' | 'envFile';

export const EMPTY_STACK_FORM: StackForm = { name: '', files: '', envFile: '', prune: false };

export type StackFormResult = { ok: true; input: StackDeployInput } | { ok: false; errors: readonly { field: StackField; message: string }[] };

/** The form as a deploy input, or every field's problem. */
export function stackInputOf(form: StackForm): StackFormResult {
  const errors: { field: StackField; message: string }[] = [];
  const name = form.name.trim();
  if (!name) errors.push({ field: 'name', message: 'Name the stack: its objects are called <stack>_<name>.' });
  else if (!STACK_NAME.test(name) || name.length > 48)
    errors.push({ field: 'name', message: 'A stack name is lower-case letters, digits, "_" and "-", starting with a letter or digit (at most 48).' });
  const files = form.files
    .split('\n')
    .map((f) => f.trim())
    .filter(Boolean);
  if (!files.length) errors.push({ field: 'files', message: 'Give the path of the Compose file (one path a line when there are several).' });
  const relative = files.find((f) => !f.startsWith('/') && !f.startsWith('~'));
  if (relative) errors.push({ field: 'files', message: `"${relative}" is not a full path: start it with / (or ~).` });
  const envFile = form.envFile.trim();
  if (envFile && !envFile.startsWith('/') && !envFile.startsWith('~'))
    errors.push({ field: 'envFile', message: `"${envFile}" is not a full path: start it with / (or ~).` });
  if (errors.length) return { ok: false, errors };
  return { ok: true, input: { name, files, envFiles: envFile ? [envFile] : [], prune: form.prune } };
}

/** The stack name a Compose file's path suggests: its directory's name, lower case, other characters dropped. */
export function suggestedName(path: string): string {
  const parts = path.trim().split('/').filter(Boolean);
  const dir = /\.ya?ml$/i.test(parts.at(-1) ?? '') ? parts.at(-2) : parts.at(-1);
  return (dir ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '')
    .replace(/^[_-]+/, '')
    .slice(0, 48);
}
