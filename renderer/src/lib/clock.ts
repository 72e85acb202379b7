/**
 * One clock for the whole UI: relative times ("2 minutes ago") re-render every 10 s from a single
 * timer, which runs only while something on screen shows such a time and the page is visible. An
 * idle window with no relative time on screen (or hidden) wakes nothing.
 */
import { useEffect } from 'react';
import { create } from 'zustand';

const TICK_MS = 10_000;

export const useClock = create<{ now: number }>(() => ({ now: Date.now() }));

let shown = 0;
let timer: ReturnType<typeof setInterval> | undefined;

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/** Start or stop the timer for what is shown now; a clock that was stopped catches up at once. */
function sync(): void {
  const wanted = shown > 0 && !hidden();
  if (wanted && !timer) {
    if (Date.now() - useClock.getState().now >= 1000) useClock.setState({ now: Date.now() });
    timer = setInterval(() => useClock.setState({ now: Date.now() }), TICK_MS);
  } else if (!wanted && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

if (typeof document !== 'undefined') document.addEventListener('visibilitychange', sync);

/** How many views keep the clock running (for tests). */
export function clockUsers(): { shown: number; ticking: boolean } {
  return { shown, ticking: !!timer };
}

/** Keep the clock running while the calling view is mounted. */
export function holdClock(): () => void {
  shown++;
  sync();
  return () => {
    shown--;
    sync();
  };
}

/** The time now, for a view that shows a relative time: it re-renders with each tick while mounted. */
export function useNow(): number {
  useEffect(holdClock, []);
  return useClock((s) => s.now);
}
