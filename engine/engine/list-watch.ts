/** A small list kept live whole: loaded on (re)connection and again after each matching engine event, bursts coalesced. */
import type { StreamSink } from '../rpc/router.js';
import { untilAborted } from '../rpc/router.js';
import type { DockerEvent, EngineEvents } from './events.js';

/** How long a burst of events (a compose project going up) is gathered before one reload. */
const COALESCE_MS = 100;

export async function watchList<T>(
  events: Pick<EngineEvents, 'subscribe' | 'isConnected'>,
  matches: (e: DockerEvent) => boolean,
  load: () => Promise<T>,
  sink: StreamSink<T>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        void load().then(
          (l) => sink.emit(l),
          () => undefined,
        ),
      COALESCE_MS,
    );
  };
  const unsubscribe = events.subscribe((s) => {
    if (s.kind === 'connected' || (s.kind === 'event' && matches(s.event))) send();
  });
  if (events.isConnected) send();
  await untilAborted(sink.signal);
  clearTimeout(timer);
  unsubscribe();
}
