/** Hash routes: #/containers, #/images, #/builds, #/volumes, #/engine. */
import { create } from 'zustand';

export const ROUTES = ['containers', 'images', 'builds', 'volumes', 'engine'] as const;
export type Route = (typeof ROUTES)[number];

/** Pure: the route of a location hash; unknown hashes go to containers. */
export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'containers';
}

export const useRoute = create<{ route: Route }>(() => ({ route: routeOf(window.location.hash) }));
window.addEventListener('hashchange', () => useRoute.setState({ route: routeOf(window.location.hash) }));

export function navigate(route: Route): void {
  window.location.hash = `#/${route}`;
}
