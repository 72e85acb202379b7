/** The Run dialog's calls: local images to suggest, and running a container (checked by the engine first). */
import { create } from 'zustand';
import type { FieldError, RunSpec } from '../../../../engine/contract/run-spec';
import { call } from '../../api/connection';

/** The tags of local images, suggested for the Image field. */
export const useRunSuggestions = create<{ readonly images: readonly string[] }>(() => ({ images: [] }));

/** Read the local images' tags again (a failure leaves the suggestions as they were). */
export function loadRunSuggestions(): void {
  call('images.list', {}).then(
    (list) => useRunSuggestions.setState({ images: list.flatMap((i) => i.tags) }),
    () => undefined,
  );
}

/**
 * Run a container: the engine checks the spec first (the image is there, the name is free, …), so a refusal
 * names its field. Resolves to those refusals, or to the new container's id; rejects when the run fails.
 */
export async function runContainer(spec: RunSpec): Promise<{ readonly refused: readonly FieldError[] } | { readonly id: string }> {
  const refused = await call('containers.validateRun', spec);
  if (refused.length) return { refused };
  const { id } = await call('containers.run', spec);
  return { id };
}
