/**
 * A shell for images without one: a short-lived toolbox container (Berth's busybox helper image) that joins the target's pid and network
 * namespaces, so its processes and ports are visible, and reaches the target's root filesystem at /proc/1/root. Nothing is added to the
 * target; the toolbox is removed when the session ends.
 */
import type Docker from 'dockerode';
import { engineMessage } from '../engine/index.js';
import { ensureHelperImage, HELPER_LABEL } from '../images/index.js';
import { RpcError } from '../rpc/protocol.js';

/** Where the target's files are, seen from the toolbox. */
export const DEBUG_ROOT = '/proc/1/root';

/** Start the toolbox beside the running container `targetId`; the caller removes it with `removeToolbox`. */
export async function startToolbox(docker: Docker, targetId: string, targetName: string): Promise<Docker.Container> {
  try {
    const image = await ensureHelperImage(docker);
    const toolbox = await docker.createContainer({
      Image: image,
      Cmd: ['/bin/busybox', 'sleep', '2147483647'],
      Labels: { [HELPER_LABEL]: 'debug-shell', 'dev.berth.debug-target': targetId },
      HostConfig: { PidMode: `container:${targetId}`, NetworkMode: `container:${targetId}`, CapAdd: ['SYS_PTRACE'], AutoRemove: true },
    });
    await toolbox.start();
    return toolbox;
  } catch (err) {
    throw new RpcError('engine', `Berth could not start a debug shell beside ${targetName}: ${engineMessage(err)}`);
  }
}

/** Remove the toolbox (it is gone already when its target stopped). */
export async function removeToolbox(toolbox: Docker.Container): Promise<void> {
  await toolbox.remove({ force: true }).catch(() => undefined);
}
