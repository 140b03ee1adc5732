import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from './diagnostic.js';
import { readSiteSettings } from './site-settings.js';
import { parseYaml } from './yaml/parse-yaml.js';

function read(text: string): { settings: ReturnType<typeof readSiteSettings>; errors: string[] } {
  const diagnostics = new Diagnostics();
  const parsed = parseYaml(text);
  assert.ok(parsed.ok);
  const settings = readSiteSettings(parsed.value, parsed.lines, {
    file: 'watchpost.yaml',
    defaultSite: 'my site',
    diagnostics,
  });
  return { settings, errors: diagnostics.items.map(formatDiagnostic) };
}

test('readSiteSettings() fills every default and takes the directory name as site id', () => {
  const { settings, errors } = read('');
  assert.deepEqual(errors, []);
  assert.equal(settings.site, 'my_site');
  assert.equal(settings.livestatus.port, 6557);
  assert.equal(settings.livestatus.tcp, false);
  assert.equal(settings.livestatus.address, '127.0.0.1');
  assert.equal(settings.http.port, 5000);
  assert.equal(settings.notifications.spoolerPort, 6555);
  assert.equal(settings.checks.timeout, 60);
  assert.equal(settings.intervalLength, 60);
});

test('readSiteSettings() rejects unknown keys and wrong types with their line, keeping defaults', () => {
  const { settings, errors } = read(
    'site: "bad id!"\nhttp:\n  port: 70000\n  adress: 0.0.0.0\nchecks:\n  timeout: soon\nflap_detection: yes\n',
  );
  assert.deepEqual(errors, [
    'watchpost.yaml:1: error: site: expected text matching ^[A-Za-z0-9_-]{1,64}$, got "bad id!"',
    'watchpost.yaml:3: error: http.port: expected a number from 1 to 65535, got 70000',
    "watchpost.yaml:4: error: unknown setting 'http.adress' (did you mean 'address'?)",
    'watchpost.yaml:6: error: checks.timeout: expected a duration such as 30s or 5m, got "soon"',
    'watchpost.yaml:7: error: flap_detection: expected a mapping, got "yes"',
  ]);
  assert.equal(settings.http.port, 5000);
  assert.equal(settings.flapDetection.enabled, true);
});

test('readSiteSettings() reads durations with units', () => {
  assert.equal(read('checks:\n  timeout: 2m\n').settings.checks.timeout, 120);
  assert.equal(read('checks:\n  timeout: 45\n').settings.checks.timeout, 45);
});

test('readSiteSettings() accepts IANA time zones and rejects unknown ones', () => {
  assert.deepEqual(read('timezone: Europe/Berlin\n').errors, []);
  assert.deepEqual(read('timezone: Mars/Olympus\n').errors, [
    "watchpost.yaml:1: error: timezone: unknown time zone 'Mars/Olympus' (an IANA name such as Europe/Berlin)",
  ]);
});
