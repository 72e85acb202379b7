import { afterEach, describe, expect, it, vi } from 'vitest';
import { whileVisible } from './while-visible';

/** A stand-in for the page's document: its visibility, and the visibilitychange event. */
function fakeDocument(state: 'visible' | 'hidden') {
  const target = new EventTarget();
  const doc = Object.assign(target, { visibilityState: state });
  vi.stubGlobal('document', doc);
  return {
    set(next: 'visible' | 'hidden') {
      doc.visibilityState = next;
      target.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('whileVisible', () => {
  it('opens while shown, closes when hidden, opens again when shown, and never twice at once', () => {
    const page = fakeDocument('visible');
    let open = 0;
    const opened = vi.fn(() => {
      open++;
      return () => open--;
    });
    const stop = whileVisible(opened);
    expect(open).toBe(1);
    page.set('hidden');
    expect(open).toBe(0);
    page.set('hidden');
    expect(open).toBe(0);
    page.set('visible');
    page.set('visible');
    expect(open).toBe(1);
    expect(opened).toHaveBeenCalledTimes(2);
    stop();
    expect(open).toBe(0);
    // Stopped: visibility no longer opens anything.
    page.set('visible');
    expect(open).toBe(0);
  });

  it('opens nothing for a page that starts hidden, until it is shown', () => {
    const page = fakeDocument('hidden');
    const opened = vi.fn(() => () => undefined);
    const stop = whileVisible(opened);
    expect(opened).not.toHaveBeenCalled();
    page.set('visible');
    expect(opened).toHaveBeenCalledTimes(1);
    stop();
  });
});
