/** Pure formatting shared by the UI and the command line. */

/** Bytes in binary units: "23.4 GiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i ? v.toFixed(1) : v} ${units[i]}`;
}

/** A reset plan item's size: "12.0 MiB", "at least 3.1 GiB" when measuring ran out of time, "not there" when it does not exist. */
export function formatPlanSize(item: { readonly bytes?: number; readonly more?: boolean }): string {
  if (item.bytes === undefined) return 'not there';
  return `${item.more ? 'at least ' : ''}${formatBytes(item.bytes)}`;
}
