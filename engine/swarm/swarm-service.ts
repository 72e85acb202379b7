/**
 * The swarm of one engine (the window's): its state, initialising, joining
 * and leaving, the join tokens, and its nodes. Every "no" of the engine
 * becomes a sentence naming the engine (swarm-words.ts).
 */
import type Docker from 'dockerode';
import { engineMessage, type EngineClient } from '../engine/index.js';
import { RpcError } from '../rpc/protocol.js';
import type { StreamSink } from '../rpc/router.js';
import { sleep } from '../util/fs.js';
import type { JoinTokens, NodeAction, NodeRow, SwarmInitInput, SwarmJoinInput, SwarmView } from './contract.js';
import {
  isLastManager,
  joinTokens,
  nodeRows,
  nodeSpecChange,
  swarmSentence,
  swarmState,
  withPort,
  type EngineNode,
  type EngineSwarmInfo,
  type EngineTask,
  type SwarmDoing,
} from './swarm-words.js';

/** How often an open `swarm.watch` asks again. */
export const SWARM_WATCH_MS = 2000;
/** The longest a join waits for the manager (the engine gives up after 20 s itself; this bounds a silent connection too). */
export const JOIN_WAIT_MS = 30_000;
/** How many times a node update is tried again when someone else changed the node in between. */
const UPDATE_TRIES = 3;

/** An engine of the Engines list carries its name and address; Berth's own has neither. */
interface Named {
  readonly endpoint?: { readonly name: string; readonly host: string };
}

/** Pure: the host part of a tcp:// or ssh:// address, offered as the address to advertise. */
export function hostOfEndpoint(host: string | undefined): string | undefined {
  const m = /^(?:tcp|ssh):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(host ?? '');
  return m?.[1]?.replace(/^\[|\]$/g, '');
}

export class SwarmService {
  constructor(private readonly client: EngineClient) {}

  private get name(): string {
    return (this.client as EngineClient & Named).endpoint?.name ?? 'Berth';
  }

  private docker(): Docker {
    return this.client.docker();
  }

  /** The engine's failure as an RpcError carrying Berth's sentence when it has one. */
  private fail(err: unknown, d: Omit<SwarmDoing, 'engine'>): RpcError {
    if (err instanceof RpcError) return err;
    const msg = engineMessage(err);
    const sentence = swarmSentence(msg, { engine: this.name, ...d });
    const status = (err as { statusCode?: number })?.statusCode;
    return new RpcError(status === 404 ? 'not_found' : sentence ? 'conflict' : 'engine', sentence ?? msg);
  }

  private async info(): Promise<EngineSwarmInfo | undefined> {
    const info = (await this.docker().info()) as { Swarm?: EngineSwarmInfo };
    return info.Swarm;
  }

  async view(): Promise<SwarmView> {
    try {
      const info = await this.info();
      const addressHint = hostOfEndpoint((this.client as EngineClient & Named).endpoint?.host);
      const manager = info?.LocalNodeState === 'active' && info.ControlAvailable;
      if (!manager) return { swarm: swarmState(info, { addressHint }) };
      // A manager stepping down (demoted, leaving) still says so for a moment while its control socket is gone.
      const lists = await Promise.all([this.docker().listServices(), this.rows(info.NodeID)]).catch(() => undefined);
      if (!lists) return { swarm: swarmState(info, { addressHint }) };
      return { swarm: swarmState(info, { services: lists[0].length, addressHint }), nodes: lists[1] };
    } catch (err) {
      throw this.fail(err, { op: 'state' });
    }
  }

  async watch(sink: StreamSink<SwarmView>): Promise<void> {
    while (!sink.signal.aborted) {
      sink.emit(await this.view());
      await sleep(SWARM_WATCH_MS, sink.signal).catch(() => undefined);
    }
  }

  async init(input: SwarmInitInput): Promise<SwarmView> {
    const listen = `0.0.0.0:${input.listenPort}`;
    try {
      await this.docker().swarmInit({
        ListenAddr: listen,
        ...(input.advertiseAddr ? { AdvertiseAddr: withPort(input.advertiseAddr, input.listenPort) } : {}),
      });
    } catch (err) {
      throw this.fail(err, { op: 'init', listenPort: input.listenPort });
    }
    return this.view();
  }

  async join(input: SwarmJoinInput): Promise<SwarmView> {
    const remote = withPort(input.remoteAddr, 2377);
    const doing = { op: 'join' as const, remoteAddr: remote, listenPort: input.listenPort };
    const joining = this.docker().swarmJoin({
      ListenAddr: `0.0.0.0:${input.listenPort}`,
      ...(input.advertiseAddr ? { AdvertiseAddr: withPort(input.advertiseAddr, input.listenPort) } : {}),
      RemoteAddrs: [remote],
      JoinToken: input.token,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Timeout was reached before node joined (Berth stopped waiting).')), JOIN_WAIT_MS);
    });
    try {
      await Promise.race([joining, timeout]);
    } catch (err) {
      // A join that timed out goes on in the background ("pending"): call it off, so the engine is as it was.
      if (/Timeout was reached/i.test(engineMessage(err))) {
        joining.catch(() => undefined);
        await this.docker()
          .swarmLeave({ force: true })
          .catch(() => undefined);
      }
      throw this.fail(err, doing);
    } finally {
      clearTimeout(timer);
    }
    return this.view();
  }

  async tokens(): Promise<JoinTokens> {
    try {
      const info = await this.info();
      const sw = (await this.docker().swarmInspect()) as { JoinTokens?: { Worker?: string; Manager?: string } };
      const self = info?.NodeID ? ((await this.docker().getNode(info.NodeID).inspect()) as EngineNode) : undefined;
      const address = self?.ManagerStatus?.Addr ?? withPort(info?.NodeAddr ?? '', 2377);
      return joinTokens(sw.JoinTokens?.Worker ?? '', sw.JoinTokens?.Manager ?? '', address);
    } catch (err) {
      throw this.fail(err, { op: 'tokens' });
    }
  }

  async leave(force: boolean): Promise<SwarmView> {
    try {
      await this.docker().swarmLeave({ force });
    } catch (err) {
      throw this.fail(err, { op: 'leave' });
    }
    return this.view();
  }

  private async rows(selfId?: string): Promise<NodeRow[]> {
    const [nodes, tasks] = await Promise.all([
      this.docker().listNodes() as Promise<EngineNode[]>,
      this.docker().listTasks({ filters: { 'desired-state': ['running'] } }) as Promise<EngineTask[]>,
    ]);
    return nodeRows(nodes, tasks, selfId);
  }

  async nodes(): Promise<NodeRow[]> {
    try {
      return await this.rows((await this.info())?.NodeID);
    } catch (err) {
      throw this.fail(err, { op: 'nodes' });
    }
  }

  /** Change a node against the spec version just read; when someone else changed it in between, read and try again. */
  async update(id: string, action: NodeAction): Promise<NodeRow[]> {
    let label = id;
    for (let attempt = 1; ; attempt++) {
      try {
        const node = this.docker().getNode(id);
        const current = (await node.inspect()) as EngineNode;
        label = current.Description?.Hostname ? `${current.Description.Hostname} (${current.ID.slice(0, 12)})` : current.ID;
        const change = nodeSpecChange(action, current.Spec ?? {});
        if (change?.Role === 'worker' && isLastManager((await this.docker().listNodes()) as EngineNode[], current.ID)) {
          throw new RpcError('conflict', swarmSentence('attempting to demote the last manager', { engine: this.name, op: 'update', node: label })!);
        }
        // dockerd would answer "can't find manager in raft memberlist" and leave the node half-changed.
        if (change?.Role === 'worker' && !current.ManagerStatus) {
          throw new RpcError('conflict', swarmSentence("can't find manager in raft memberlist", { engine: this.name, op: 'update', node: label })!);
        }
        if (change) await node.update({ version: current.Version?.Index ?? 0, ...current.Spec, ...change });
        return await this.nodes();
      } catch (err) {
        if (attempt < UPDATE_TRIES && /update out of sequence/i.test(engineMessage(err))) continue;
        throw this.fail(err, { op: 'update', node: label });
      }
    }
  }

  async remove(id: string, force: boolean): Promise<NodeRow[]> {
    let label = id;
    try {
      const node = this.docker().getNode(id);
      const current = (await node.inspect()) as EngineNode;
      label = current.Description?.Hostname ? `${current.Description.Hostname} (${current.ID.slice(0, 12)})` : current.ID;
      await node.remove({ force });
    } catch (err) {
      throw this.fail(err, { op: 'remove', node: label });
    }
    return this.nodes();
  }
}
