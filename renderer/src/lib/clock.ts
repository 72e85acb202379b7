/** One clock for the whole UI: relative times re-render every 10 s from a single timer. */
import { create } from 'zustand';

export const useClock = create<{ now: number }>(() => ({ now: Date.now() }));
setInterval(() => useClock.setState({ now: Date.now() }), 10_000);
