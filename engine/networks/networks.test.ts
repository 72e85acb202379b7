import { describe, expect, it } from 'vitest';
import { chosenGateway, summariseNetworks } from './networks.js';

describe('networks summary', () => {
  it('joins networks with the containers attached, running or not, with their addresses and given aliases', () => {
    const list = summariseNetworks(
      [
        {
          Id: 'n2',
          Name: 'shop_default',
          Driver: 'bridge',
          Scope: 'local',
          Internal: true,
          EnableIPv6: false,
          Created: 't',
          IPAM: { Config: [{ Subnet: '10.9.0.0/24', Gateway: '10.9.0.1' }] },
          Labels: { 'com.docker.compose.project': 'shop' },
        },
        { Id: 'n1', Name: 'bridge', Driver: 'bridge', Scope: 'local', Internal: false, EnableIPv6: false, Created: 't', IPAM: { Config: null }, Labels: null },
        { Id: 'n3', Name: 'empty', Driver: 'bridge', Scope: 'local', Internal: false, EnableIPv6: false, Created: 't' },
      ],
      [
        {
          Id: 'c1aaaaaaaaaaaaaaaa',
          Names: ['/web'],
          State: 'running',
          NetworkSettings: {
            Networks: {
              shop_default: { NetworkID: 'n2', IPAddress: '10.9.0.2', IPPrefixLen: 24, Aliases: ['web', 'c1aaaaaaaaaa', 'front'] },
              bridge: { NetworkID: 'n1', IPAddress: '172.29.1.2', IPPrefixLen: 24 },
            },
          },
        },
        { Id: 'c2', Names: ['/db'], State: 'exited', NetworkSettings: { Networks: { shop_default: { NetworkID: '', IPAddress: '' } } } },
      ],
    );
    expect(list.map((n) => n.name)).toEqual(['bridge', 'empty', 'shop_default']);
    const shop = list[2]!;
    expect(shop).toMatchObject({ subnets: ['10.9.0.0/24'], gateways: ['10.9.0.1'], internal: true, project: 'shop', predefined: false });
    expect(shop.containers).toEqual([
      { id: 'c2', name: 'db', ipv4: undefined, ipv6: undefined, aliases: [], running: false },
      { id: 'c1aaaaaaaaaaaaaaaa', name: 'web', ipv4: '10.9.0.2/24', ipv6: undefined, aliases: ['front'], running: true },
    ]);
    expect(list[0]).toMatchObject({ predefined: true, labels: {}, subnets: [], containers: [{ name: 'web', ipv4: '172.29.1.2/24' }] });
    expect(list[1]!.containers).toEqual([]);
  });

  it('shows the gateway the engine chose when the IPAM config names none: from the endpoints, else the bridge’s first address', () => {
    // Recorded on dockerd 20.10: `docker network create --subnet 10.77.0.0/24 cm-sub` has IPAM Config [{Subnet}] only;
    // its bridge has 10.77.0.1/24 and a container on it reports Gateway 10.77.0.1.
    const net = { Id: 'n9', Name: 'cm-sub', Driver: 'bridge', Scope: 'local', Internal: false, EnableIPv6: false, Created: 't' };
    const ipam = { Driver: 'default', Config: [{ Subnet: '10.77.0.0/24' }] };
    const attached = {
      Id: 'c9',
      Names: ['/g'],
      State: 'running',
      NetworkSettings: { Networks: { 'cm-sub': { NetworkID: 'n9', IPAddress: '10.77.0.2', IPPrefixLen: 24, Gateway: '10.77.0.1' } } },
    };
    expect(summariseNetworks([{ ...net, IPAM: ipam }], [attached])[0]!.gateways).toEqual(['10.77.0.1']);
    expect(summariseNetworks([{ ...net, IPAM: ipam }], [])[0]!.gateways).toEqual(['10.77.0.1']);
    expect(chosenGateway('fd00:1::/64', 'bridge', 'default', [])).toBe('fd00:1::1');
    // Another IPAM driver, or not a bridge, and no container to ask: unknown, not guessed.
    expect(chosenGateway('10.77.0.0/24', 'bridge', 'other-ipam', [])).toBeUndefined();
    expect(chosenGateway('10.77.0.0/24', 'macvlan', 'default', [])).toBeUndefined();
    expect(chosenGateway('10.77.0.0/24', 'macvlan', 'default', ['', '10.77.0.254'])).toBe('10.77.0.254');
  });

  it('names the services on a swarm network, by id or by name, and marks the routing mesh and attachable overlays', () => {
    // The shapes of dockerd 20.10's network list and service specs on a manager (services.int reads the same from a real swarm).
    const overlay = (Id: string, Name: string, more: object = {}) => ({
      Id,
      Name,
      Driver: 'overlay',
      Scope: 'swarm',
      Internal: false,
      EnableIPv6: false,
      Created: 't',
      ...more,
    });
    const list = summariseNetworks(
      [
        overlay('i1', 'ingress', { Ingress: true }),
        overlay('o1', 'front', { Attachable: true }),
        overlay('o2', 'back'),
        { ...overlay('b1', 'local-net'), Driver: 'bridge', Scope: 'local' },
      ],
      [],
      [
        { Spec: { Name: 'web', TaskTemplate: { Networks: [{ Target: 'o1' }] } } },
        { Spec: { Name: 'api', TaskTemplate: { Networks: [{ Target: 'o1' }, { Target: 'o2' }] } } },
        // An old spec names its networks at the top, by name.
        { Spec: { Name: 'legacy', Networks: [{ Target: 'back' }] } },
        { Spec: { Name: 'alone' } },
      ],
    );
    const by = Object.fromEntries(list.map((n) => [n.name, n]));
    expect(by.front).toMatchObject({ attachable: true, ingress: false, services: ['api', 'web'] });
    expect(by.back).toMatchObject({ attachable: false, services: ['api', 'legacy'] });
    expect(by.ingress).toMatchObject({ ingress: true, services: [] });
    expect(by['local-net']!.services).toEqual([]);
  });
});
