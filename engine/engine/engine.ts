/** The engine service: status, lifecycle, `docker info` essentials and logs. */
import type { EngineInfo, EngineStatus, LogSource } from '../contract/index.js';
import type { StreamSink } from '../rpc/router.js';
import { untilAborted } from '../rpc/router.js';
import type { Supervisor } from './supervisor.js';
import { engineLogFor, type HomeLayout } from './paths.js';
import { fileSize, followFile, tailFile } from './logs.js';

/** Pure: the essentials of a `GET /info` answer. */
export function toEngineInfo(info: Record<string, any>): EngineInfo {
  return {
    serverVersion: String(info.ServerVersion ?? ''),
    apiVersion: '',
    operatingSystem: String(info.OperatingSystem ?? ''),
    kernelVersion: String(info.KernelVersion ?? ''),
    architecture: String(info.Architecture ?? ''),
    cpus: Number(info.NCPU ?? 0),
    memTotal: Number(info.MemTotal ?? 0),
    storageDriver: String(info.Driver ?? ''),
    cgroupDriver: String(info.CgroupDriver ?? ''),
    cgroupVersion: String(info.CgroupVersion ?? ''),
    dataRoot: String(info.DockerRootDir ?? ''),
    containers: {
      total: Number(info.Containers ?? 0),
      running: Number(info.ContainersRunning ?? 0),
      paused: Number(info.ContainersPaused ?? 0),
      stopped: Number(info.ContainersStopped ?? 0),
    },
    images: Number(info.Images ?? 0),
    runtimes: Object.keys((info.Runtimes ?? {}) as object),
    defaultRuntime: String(info.DefaultRuntime ?? ''),
  };
}

export class EngineService {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly l: HomeLayout,
  ) {}

  async info(): Promise<EngineInfo> {
    const docker = this.supervisor.docker();
    const [info, version] = await Promise.all([docker.info() as Promise<Record<string, unknown>>, docker.version()]);
    return { ...toEngineInfo(info), apiVersion: version.ApiVersion ?? '' };
  }

  /** The file of a log source: "mode" is the engine's own (dockerd's in native mode, the VM's console in VM mode). */
  private logFile(source: LogSource): string | undefined {
    const mode = this.supervisor.status().mode;
    switch (source) {
      case 'mode':
        return mode === 'external' ? undefined : engineLogFor(this.l, mode);
      case 'dockerd':
        return this.l.engineLog;
      case 'vm-console':
        return this.l.vmConsoleLog;
      case 'backend':
        return this.l.backendLog;
    }
  }

  /** An external engine's log is not Berth's to read. */
  private logLines(source: LogSource, n: number): Promise<string[]> {
    const file = this.logFile(source);
    if (!file) return Promise.resolve(['Berth does not manage this external engine, so its log is wherever that engine writes it.']);
    return tailFile(file, n);
  }

  logs(lines: number): Promise<string[]> {
    return this.logLines('mode', lines);
  }

  async watch(sink: StreamSink<EngineStatus>): Promise<void> {
    sink.emit(this.supervisor.status());
    const unsubscribe = this.supervisor.subscribe((s) => sink.emit(s));
    await untilAborted(sink.signal);
    unsubscribe();
  }

  async watchLogs(tail: number, source: LogSource, sink: StreamSink<string[]>): Promise<void> {
    const file = this.logFile(source);
    const from = file ? await fileSize(file) : 0;
    const initial = tail > 0 ? await this.logLines(source, tail) : [];
    if (initial.length) sink.emit(initial);
    if (!file) return untilAborted(sink.signal);
    const stop = followFile(file, from, (lines) => sink.emit(lines));
    await untilAborted(sink.signal);
    stop();
  }
}
