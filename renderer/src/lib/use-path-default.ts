/** A host path field that starts at the backend's default folder (Downloads, else home). */
import { useEffect, useState } from 'react';
import { joinHostPath } from '../../../engine/contract/archive';
import { useArchiveDefaults } from './archive-defaults';

/**
 * A path field's value, filled with the backend's default folder (plus
 * `fileName`) once it is known. The field stays read-only until then (a few
 * milliseconds, the first time), so the default can never land in the middle of what the user types.
 */
export function usePathWithDefault(fileName: string): [string, (v: string) => void, boolean] {
  const defaults = useArchiveDefaults((s) => s.defaults);
  const failed = useArchiveDefaults((s) => s.failed);
  const [typed, setTyped] = useState<string>();
  useEffect(() => useArchiveDefaults.getState().load(), []);
  const path = typed ?? (defaults ? joinHostPath(defaults.folder, defaults.sep, fileName) : '');
  return [path, setTyped, !!defaults || failed];
}
