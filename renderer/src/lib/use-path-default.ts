/** A host path field that starts at the backend's default folder (Downloads, else home). */
import { useEffect, useState } from 'react';
import type { ArchiveDefaults } from '../../../engine/contract/archive';
import { joinHostPath } from '../../../engine/contract/archive';
import { call } from '../api/connection';

/**
 * A path field's value, filled with the backend's default folder (plus
 * `fileName`) once it is known. The field stays read-only until then (a few
 * milliseconds), so the default can never land in the middle of what the user types.
 */
export function usePathWithDefault(fileName: string): [string, (v: string) => void, boolean] {
  const [path, setPath] = useState('');
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let open = true;
    call('images.archiveDefaults', {}).then(
      (d: ArchiveDefaults) => {
        if (!open) return;
        setPath((typed) => typed || joinHostPath(d.folder, d.sep, fileName));
        setReady(true);
      },
      () => open && setReady(true),
    );
    return () => {
      open = false;
    };
  }, [fileName]);
  return [path, setPath, ready];
}
