/**
 * The container details page's data: the container's inspect and its processes (`docker top`), read when
 * the page asks and kept per container while it shows them. Only the latest reading of each counts, so a
 * slow answer never overwrites a newer one.
 */
import { create } from 'zustand';
import type { ContainerChange, ContainerDetails } from '../../../../engine/contract/dto';
import type { OutputOf } from '../../../../engine/contract';
import { call } from '../../api/connection';

export type ContainerTop = OutputOf<'containers.top'>;

/** The last value read, and the sentence saying why the last reading failed (a failure keeps the value). */
export interface Reading<T> {
  readonly value?: T;
  readonly error?: string;
}

interface DetailsStore {
  readonly details: Readonly<Record<string, Reading<ContainerDetails>>>;
  readonly top: Readonly<Record<string, Reading<ContainerTop>>>;
  /** Each shown container's writable layer against its image (`docker diff`). */
  readonly changes: Readonly<Record<string, Reading<readonly ContainerChange[]>>>;
}

export const useDetails = create<DetailsStore>(() => ({ details: {}, top: {}, changes: {} }));

/** Pure: a slot after a reading of one container (a failed reading keeps the last value). */
export function withReading<T>(slot: Readonly<Record<string, Reading<T>>>, id: string, r: Reading<T>): Record<string, Reading<T>> {
  return { ...slot, [id]: r.error === undefined ? { value: r.value } : { ...slot[id], error: r.error } };
}

let sequence = 0;
/** The latest request of each reading, per container: an answer to an older one is dropped. */
const latest = { details: new Map<string, number>(), top: new Map<string, number>(), changes: new Map<string, number>() };

/** Start a request; the function returned says whether it is still the latest of its kind for the container. */
function begin(kind: keyof typeof latest, id: string): () => boolean {
  const n = ++sequence;
  latest[kind].set(id, n);
  return () => latest[kind].get(id) === n;
}

/** Read a container's inspect (again): the address may hold its full id, a short id or its name. */
export async function loadDetails(id: string): Promise<void> {
  const current = begin('details', id);
  let r: Reading<ContainerDetails>;
  try {
    r = { value: await call('containers.inspect', { id }) };
  } catch (err) {
    r = { error: (err as Error).message };
  }
  if (current()) useDetails.setState((s) => ({ details: withReading(s.details, id, r) }));
}

/** Read a container's processes (again). */
export async function loadTop(id: string): Promise<void> {
  const current = begin('top', id);
  let r: Reading<ContainerTop>;
  try {
    r = { value: await call('containers.top', { id }) };
  } catch (err) {
    r = { error: (err as Error).message };
  }
  if (current()) useDetails.setState((s) => ({ top: withReading(s.top, id, r) }));
}

/** Read a container's writable layer (again): read when its tab shows and on Refresh, never polled. */
export async function loadChanges(id: string): Promise<void> {
  const current = begin('changes', id);
  let r: Reading<readonly ContainerChange[]>;
  try {
    r = { value: await call('containers.changes', { id }) };
  } catch (err) {
    r = { error: (err as Error).message };
  }
  if (current()) useDetails.setState((s) => ({ changes: withReading(s.changes, id, r) }));
}

/** Drop a container's changes once no view shows them. */
export function forgetChanges(id: string): void {
  latest.changes.delete(id);
  useDetails.setState((s) => ({ changes: without(s.changes, id) }));
}

/** How often the processes are read again while shown. */
const TOP_EVERY_MS = 5000;

/** Read a container's processes now and every 5 s, until the returned function is called. */
export function watchTop(id: string): () => void {
  void loadTop(id);
  const timer = setInterval(() => void loadTop(id), TOP_EVERY_MS);
  return () => clearInterval(timer);
}

/** Drop a container's inspect once no view shows it; answers still on their way are ignored. */
export function forgetDetails(id: string): void {
  latest.details.delete(id);
  useDetails.setState((s) => ({ details: without(s.details, id) }));
}

/** Drop a container's processes once no view shows them; answers still on their way are ignored. */
export function forgetTop(id: string): void {
  latest.top.delete(id);
  useDetails.setState((s) => ({ top: without(s.top, id) }));
}

function without<T>(slot: Readonly<Record<string, T>>, id: string): Record<string, T> {
  const { [id]: _gone, ...rest } = slot;
  return rest;
}
