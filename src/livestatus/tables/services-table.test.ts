import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceStatus } from '../../model/object-status.js';
import type { Service } from '../../model/objects.js';
import { buildFromYaml } from '../../testing/build-from-yaml.js';
import { FakeStatusSource, RecordingCommandSink } from '../../testing/fake-status-source.js';
import { converse } from '../../testing/livestatus-script.js';

/** A status source that counts the services a request reads. */
class CountingSource extends FakeStatusSource {
  reads = 0;

  override serviceStatus(service: Service): ServiceStatus | undefined {
    this.reads++;
    return super.serviceStatus(service);
  }
}

const configuration = (() => {
  const hosts = Array.from({ length: 300 }, (_, i) => `  - {host_name: h${String(i).padStart(3, '0')}}`);
  const services = ['a', 'b', 'Disk /', 'x'].map(
    (d) => `  - {service_description: '${d}', host_name: '*', check_command: c}`,
  );
  const built = buildFromYaml({
    'c.yaml': `commands:\n  - {command_name: c, command_line: /bin/true}\nhosts:\n${hosts.join('\n')}\nservices:\n${services.join('\n')}\n`,
  });
  assert.deepEqual(built.errors, []);
  return built.configuration;
})();

test('services named by host_name and description are looked up, however the filter is written', async () => {
  const table: readonly (readonly [string, string, number])[] = [
    ['Filter: host_name = h042\nFilter: description = Disk /', 'h042;Disk /\n', 1],
    ['Filter: description = Disk /\nFilter: host_name = h042', 'h042;Disk /\n', 1],
    ['Filter: service_description = b\nFilter: host_name = h007', 'h007;b\n', 1],
    ['Filter: host_name = h042\nFilter: description = Disk /\nAnd: 2', 'h042;Disk /\n', 1],
    [
      'Filter: host_name = h001\nFilter: description = a\nAnd: 2\nFilter: host_name = h002\nFilter: description = b\nAnd: 2\nOr: 2',
      'h001;a\nh002;b\n',
      4,
    ],
    ['Filter: host_name = h042\nFilter: description = nosuch', '', 0],
    ['Filter: host_name = nosuch\nFilter: description = a', '', 0],
    ['Filter: host_name = h042', 'h042;Disk /\nh042;a\nh042;b\nh042;x\n', 4],
  ];
  for (const [filter, expected, reads] of table) {
    const source = new CountingSource({ configuration });
    const answer = await converse({
      // `state >= 0`, tested first, reads the status of every row the table offers: a scan would read all 1,200.
      request: `GET services\nColumns: host_name description state\nFilter: state >= 0\n${filter}\n\n`,
      source,
      commands: new RecordingCommandSink(),
      clock: { now: 1_700_000_000_000 },
    });
    assert.equal(answer.replace(/;0\n/g, '\n'), expected, filter);
    assert.equal(source.reads, reads, `${filter}: services read`);
  }
});
