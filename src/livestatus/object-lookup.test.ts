import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostStatus, ServiceStatus } from '../model/object-status.js';
import type { Service } from '../model/objects.js';
import { buildFromYaml } from '../testing/build-from-yaml.js';
import { FakeStatusSource, RecordingCommandSink } from '../testing/fake-status-source.js';
import { converse } from '../testing/livestatus-script.js';

const HOSTS = 2000;
const SERVICES_PER_HOST = 10;

/** A status source that counts how many objects a request looks at. */
class CountingSource extends FakeStatusSource {
  hostReads = 0;
  serviceReads = 0;

  override hostStatus(hostName: string): HostStatus | undefined {
    this.hostReads++;
    return super.hostStatus(hostName);
  }

  override serviceStatus(service: Service): ServiceStatus | undefined {
    this.serviceReads++;
    return super.serviceStatus(service);
  }
}

const big = (() => {
  const hosts = Array.from(
    { length: HOSTS },
    (_, i) => `  - {host_name: h${String(i).padStart(4, '0')}, hostgroups: [${i % 2 === 0 ? 'even' : 'odd'}]}`,
  );
  const services = Array.from(
    { length: SERVICES_PER_HOST },
    (_, i) => `  - {service_description: svc${i}, host_name: '*', check_command: c}`,
  );
  const built = buildFromYaml({
    'big.yaml': `commands:\n  - {command_name: c, command_line: /bin/true}\nhostgroups:\n  - {hostgroup_name: even}\n  - {hostgroup_name: odd}\nhosts:\n${hosts.join('\n')}\nservices:\n${services.join('\n')}\n`,
  });
  assert.deepEqual(built.errors, []);
  return built.configuration;
})();

async function run(request: string): Promise<{ answer: string; hostReads: number; serviceReads: number }> {
  const source = new CountingSource({ configuration: big });
  const answer = await converse({
    request: `${request}\n\n`,
    source,
    commands: new RecordingCommandSink(),
    clock: { now: 1_700_000_000_000 },
  });
  return { answer, hostReads: source.hostReads, serviceReads: source.serviceReads };
}

test('a filter on host_name and description looks one service up instead of scanning', async () => {
  const found = await run(
    'GET services\nColumns: host_name description state\nFilter: host_name = h0042\nFilter: description = svc3',
  );
  assert.equal(found.answer, 'h0042;svc3;0\n');
  assert.equal(found.serviceReads, 1);
  const scanned = await run(
    'GET services\nColumns: host_name description state\nFilter: host_name ~ ^h0042$\nFilter: description ~ ^svc3$',
  );
  assert.equal(scanned.answer, found.answer);
});

test('host lookups by name, by an Or of names and by group read only those hosts', async () => {
  const one = await run('GET hosts\nColumns: name state\nFilter: name = h1999');
  assert.deepEqual([one.answer, one.hostReads], ['h1999;0\n', 1]);
  const some = await run(
    'GET hosts\nColumns: name state\nFilter: name = h0001\nFilter: name = h0002\nFilter: name = nosuch\nOr: 3',
  );
  assert.deepEqual([some.answer, some.hostReads], ['h0001;0\nh0002;0\n', 2]);
  const services = await run('GET services\nColumns: state\nFilter: host_name = h0007');
  assert.equal(services.serviceReads, SERVICES_PER_HOST);
  const group = await run('GET hosts\nStats: state = 0\nFilter: groups >= odd');
  assert.deepEqual([group.answer, group.hostReads], [`${HOSTS / 2}\n`, HOSTS / 2]);
});

test('filters that cannot use the index still see every row', async () => {
  const all = await run('GET services\nStats: state = 0\nFilter: state != 1');
  assert.equal(all.answer, `${HOSTS * SERVICES_PER_HOST}\n`);
  // Every row is read, once: the filter and the Stats column share the read.
  assert.equal(all.serviceReads, HOSTS * SERVICES_PER_HOST);
});

test('an Or of many equalities on one column is one set lookup per row', async () => {
  const wanted = Array.from({ length: 5000 }, (_, i) => `Filter: description = svc${i}`);
  const started = process.hrtime.bigint();
  const wide = await run(`GET services\nStats: state = 0\n${wanted.join('\n')}\nOr: 5000`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.equal(wide.answer, `${HOSTS * SERVICES_PER_HOST}\n`);
  // 20,000 rows × 5,000 comparisons would take seconds; a set lookup takes milliseconds.
  assert.ok(ms < 3000, `${ms} ms`);
});
