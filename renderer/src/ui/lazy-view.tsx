/**
 * Views loaded on first use: a view whose code is large (xterm.js for terminals and logs,
 * the build view, the layer browser) lives in its own chunk, so the first load of the app
 * does not download and compile it. Unlike React.lazy, a view whose chunk is already loaded
 * renders in the same pass (React.lazy reveals suspended content at most every 300 ms), and
 * every chunk is fetched while the browser is idle after the first paint (`preloadViews`),
 * so in practice only a view opened in the first moments waits for its code.
 */
import { createElement, useEffect, useState, type ComponentType } from 'react';

const loaders: Array<() => Promise<unknown>> = [];

/** A component that loads `load`'s component on first render and shows it once there. */
export function lazyView<P extends object>(name: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  function get(): Promise<ComponentType<P>> {
    pending ??= load().then(
      (view) => (loaded = view),
      (err: unknown) => {
        pending = undefined; // a later visit tries again (a chunk may fail to download once)
        throw err;
      },
    );
    return pending;
  }
  loaders.push(get);

  function LazyView(props: P) {
    const [, setReady] = useState(false);
    const [error, setError] = useState<string>();
    useEffect(() => {
      if (loaded) return;
      let live = true;
      get().then(
        () => live && setReady(true),
        (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) return createElement(loaded, props);
    if (error)
      return (
        <div className="view-loading" role="alert">
          The {name} view could not be loaded ({error}). Reload the page: Berth may have been updated since it was opened.
        </div>
      );
    return <div className="view-loading" role="status" aria-busy="true" aria-label={`Loading the ${name} view`} />;
  }
  LazyView.displayName = `LazyView(${name})`;
  return LazyView;
}

/** Fetch every lazy view's chunk once the browser is idle, so opening one later does not wait. */
export function preloadViews(): void {
  const run = () => {
    for (const load of loaders) load().catch(() => undefined);
  };
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(run, { timeout: 2000 });
  else window.setTimeout(run, 500);
}
