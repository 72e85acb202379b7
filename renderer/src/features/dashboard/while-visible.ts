/** Keep a stream open only while the window is shown: a hidden window (minimised, another tab) follows nothing. */

/** Open `open` now if the page is visible, close it when hidden and open it again when shown; returns the stop of it all. */
export function whileVisible(open: () => () => void): () => void {
  let close: (() => void) | undefined;
  const sync = () => {
    if (document.visibilityState === 'hidden') {
      close?.();
      close = undefined;
    } else close ??= open();
  };
  sync();
  document.addEventListener('visibilitychange', sync);
  return () => {
    document.removeEventListener('visibilitychange', sync);
    close?.();
    close = undefined;
  };
}
