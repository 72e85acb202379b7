/** Hash routes: #/dashboard (the first page), #/containers, #/compose, #/images, #/registries, #/builds, #/volumes, #/networks, #/engine, #/engines, #/swarm, #/services, #/settings, #/troubleshoot, #/learn. */
import { create } from 'zustand';

export const ROUTES = [
  'dashboard',
  'containers',
  'compose',
  'images',
  'registries',
  'builds',
  'volumes',
  'networks',
  'engine',
  'engines',
  'swarm',
  'services',
  'settings',
  'troubleshoot',
  'learn',
] as const;
export type Route = (typeof ROUTES)[number];

/** Pure: the route of a location hash; an empty or unknown hash goes to the dashboard. */
export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'dashboard';
}

/** Pure: the item a hash points at, e.g. the container id of #/containers/<id>. */
export function paramOf(hash: string): string | undefined {
  const part = hash.replace(/^#\/?/, '').split('?')[0]!.split('/')[1];
  return part ? decodeURIComponent(part) : undefined;
}

const read = () => ({ route: routeOf(window.location.hash), param: paramOf(window.location.hash) });
export const useRoute = create<{ route: Route; param?: string }>(read);
window.addEventListener('hashchange', () => useRoute.setState(read()));

export function navigate(route: Route): void {
  window.location.hash = `#/${route}`;
}
