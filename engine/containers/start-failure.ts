/** Pure: the engine's reasons a new container did not start, as sentences a user can act on. */

/** What the run asked for that a sentence can name. */
export interface StartContext {
  /** --cap-add, bare names. */
  readonly capAdd?: readonly string[];
  /** Of those, the ones the machine running the engine withholds (not in its capability bounding set), when known. */
  readonly withheld?: readonly string[];
}

/** The engine's message for a failed start → one sentence (the engine's own words when the cause is not a known one). */
export function explainStartFailure(message: string, context: StartContext = {}): string {
  if (/unable to apply caps: operation not permitted/.test(message)) {
    const withheld = context.withheld ?? [];
    if (withheld.length)
      return `The engine cannot give a container ${withheld.join(', ')}: the machine it runs on withholds ${withheld.length === 1 ? 'that capability' : 'those capabilities'} from every process (a locked-down host, or one that is itself a container). Remove ${withheld.length === 1 ? 'it' : 'them'} from Add capabilities.`;
    return `The engine could not give the container the capabilities asked for${context.capAdd?.length ? ` (${context.capAdd.join(', ')})` : ''}: the machine it runs on withholds some of them. Try with fewer in Add capabilities.`;
  }
  // Already worded by the engine's errors (a privileged port on the rootless engine).
  if (/^Port \d+ is privileged:/.test(message)) return message;
  const exec = /exec: "([^"]+)": (?:stat [^:]+: no such file or directory|executable file not found in \$PATH)/.exec(message);
  if (exec) return `The command ${exec[1]} is not in the image: check the command and the entrypoint.`;
  const busy = /listen (tcp|udp)[46]? ([^\s]+):(\d+): bind: address already in use/.exec(message);
  if (busy)
    return `Port ${busy[3]}${busy[1] === 'udp' ? '/udp' : ''} on ${busy[2] === '0.0.0.0' ? 'all addresses' : busy[2]} is already in use on this machine: choose another host port, or leave it empty for a random one.`;
  const allocated = /Bind for ([^\s]+):(\d+) failed: port is already allocated/.exec(message);
  if (allocated) return `Port ${allocated[2]} is already published by another container: choose another host port, or leave it empty for a random one.`;
  const address = /listen (?:tcp|udp)[46]? ([^\s]+):\d+: bind: cannot assign requested address/.exec(message);
  if (address) return `${address[1]} is not an address of this machine: publish on 127.0.0.1, or leave the address empty for all.`;
  const mount = /error mounting "([^"]+)" to rootfs at "([^"]+)".*not a directory/.exec(message);
  if (mount) return `${mount[1]} cannot be mounted at ${mount[2]}: one is a file and the other a folder.`;
  return `The container did not start: ${message.replace(/\.$/, '')}.`;
}
