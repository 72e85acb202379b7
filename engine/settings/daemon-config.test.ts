import { describe, expect, it } from 'vitest';
import { dockerdVerdict, parseDaemonConfig } from './daemon-config.js';

describe('parseDaemonConfig', () => {
  it('accepts an object of options, formatting as typed', () => {
    expect(parseDaemonConfig('{\n  "debug": true,\n  "log-level": "warn"\n}\n')).toEqual({ ok: true, options: { debug: true, 'log-level': 'warn' } });
  });

  it('says where JSON breaks, by line and column', () => {
    const r = parseDaemonConfig('{\n  "debug": true,\n}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^This is not valid JSON \(line 3, column 1\): Expected double-quoted property name\.$/);
  });

  it('says what is missing at the end', () => {
    const r = parseDaemonConfig('{"debug": true');
    expect(!r.ok && r.error).toBe("This is not valid JSON (line 1, column 15): Expected ',' or '}' after property value.");
  });

  it('wants one object, not a list or a value', () => {
    for (const text of ['[]', '"debug"', 'null', '3']) {
      const r = parseDaemonConfig(text);
      expect(!r.ok && r.error).toBe('daemon.json must be one JSON object, like {"debug": true}.');
    }
  });

  it('refuses the options Berth sets, each with its reason', () => {
    const r = parseDaemonConfig('{"data-root": "/srv/docker", "hosts": ["tcp://0.0.0.0:2375"], "debug": true}');
    expect(r.ok).toBe(false);
    const error = !r.ok ? r.error : '';
    expect(error).toContain('"data-root" is set by Berth: Berth keeps the engine data in its home');
    expect(error).toContain('"hosts" is set by Berth: Berth serves the engine on its own private socket');
    expect(error).toMatch(/Remove it\.$/);
  });
});

// What dockerd 20.10.24 printed when started unprivileged with each configuration (recorded on Debian 12).
describe('dockerdVerdict', () => {
  const file = '/tmp/dv/engine/daemon.json';
  it('accepts a configuration dockerd read and validated before it stopped at its root check', () => {
    expect(
      dockerdVerdict(
        'dockerd needs to be started with root privileges. To run dockerd in rootless mode as an unprivileged user, see https://docs.docker.com/go/rootless/\n',
        file,
      ),
    ).toBeNull();
  });

  it("passes on dockerd's own sentence for what it refused, without the file name", () => {
    expect(
      dockerdVerdict(`unable to configure the Docker daemon with file ${file}: the following directives don't match any configuration option: foo\n`, file),
    ).toBe("dockerd refused this configuration: the following directives don't match any configuration option: foo");
    expect(
      dockerdVerdict(
        `unable to configure the Docker daemon with file ${file}: json: cannot unmarshal string into Go struct field Config.debug of type bool\n`,
        file,
      ),
    ).toBe('dockerd refused this configuration: json: cannot unmarshal string into Go struct field Config.debug of type bool');
    expect(dockerdVerdict('unable to parse logging level: loud\n', file)).toBe('dockerd refused this configuration: unable to parse logging level: loud');
  });

  it('says so when dockerd printed nothing', () => {
    expect(dockerdVerdict('', file)).toBe('dockerd refused this configuration: dockerd stopped without saying why');
  });
});
