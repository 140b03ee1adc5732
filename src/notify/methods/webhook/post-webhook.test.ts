// The webhook method against a local node:http receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aJob } from '../../fixtures-for-tests.js';
import type { NotificationJob, WebhookFormat } from '../../notification-job.js';
import { webhookMethod } from './post-webhook.js';

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** A receiver on 127.0.0.1 answering each request with `answer(path)` (status code; `hang` never answers). */
async function receiver(answer: (path: string) => number | 'hang' = () => 200): Promise<{
  url: string;
  received: Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text) as unknown });
      const status = answer(req.url ?? '');
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not today');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function hookJob(url: string, format: WebhookFormat, timeoutSeconds = 5): NotificationJob {
  const job = aJob(5, { method: { kind: 'webhook', url, format, timeoutSeconds } });
  return {
    ...job,
    macros: {
      ...job.macros,
      HOSTALIAS: 'Web server',
      HOSTADDRESS: '192.0.2.10',
      LASTSERVICESTATE: 'OK',
      SERVICESTATETYPE: 'HARD',
      SERVICEPERFDATA: 'time=5s;1;2',
      CONTACTEMAIL: 'alice@example.org',
      LONGDATETIME: 'Tue Nov 14 22:13:20 UTC 2023',
    },
  };
}

test('the webhook method posts the documented JSON with the id as Idempotency-Key', async () => {
  const hook = await receiver();
  try {
    const job = hookJob(`${hook.url}/hook`, 'json');
    const outcome = await webhookMethod()(job, new AbortController().signal);
    assert.deepEqual(outcome, { ok: true, detail: `webhook ${hook.url}/hook: HTTP 200 ok` });
    const [got] = hook.received;
    assert.equal(got?.headers['idempotency-key'], job.id);
    assert.equal(got?.headers['content-type'], 'application/json');
    assert.deepEqual(got?.body, {
      version: 1,
      id: job.id,
      type: 'PROBLEM',
      what: 'SERVICE',
      host: { name: 'web01', alias: 'Web server', address: '192.0.2.10' },
      service: { description: 'HTTP' },
      state: 'CRITICAL',
      previous_state: 'OK',
      state_type: 'HARD',
      output: 'output 5',
      long_output: '',
      perfdata: 'time=5s;1;2',
      notification_number: 1,
      author: '',
      comment: '',
      contact: { name: 'alice', email: 'alice@example.org', pager: '' },
      timestamp: 1_700_000_000,
      time: '2023-11-14T22:13:20.000Z',
    });
  } finally {
    await hook.close();
  }
});

test('the webhook method speaks Slack, Mattermost and Teams', async () => {
  const hook = await receiver();
  try {
    for (const format of ['slack', 'mattermost', 'teams'] as const) {
      const outcome = await webhookMethod()(hookJob(`${hook.url}/${format}`, format), new AbortController().signal);
      assert.equal(outcome.ok, true, format);
    }
    const [slack, mattermost, teams] = hook.received.map((r) => r.body as Record<string, unknown>);
    assert.equal(slack?.text, 'PROBLEM: web01/HTTP is CRITICAL');
    assert.deepEqual((slack?.attachments as Record<string, unknown>[])[0]?.fields, [
      { title: 'Host', value: 'web01', short: true },
      { title: 'Service', value: 'HTTP', short: true },
      { title: 'State', value: 'OK → CRITICAL', short: true },
    ]);
    assert.equal(mattermost?.username, 'Watchpost');
    assert.equal(mattermost?.text, 'PROBLEM: web01/HTTP is CRITICAL');
    assert.equal(teams?.type, 'message');
    const card = (
      teams?.attachments as { contentType: string; content: { type: string; body: { text?: string }[] } }[]
    )[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card?.content.type, 'AdaptiveCard');
    assert.equal(card?.content.body[0]?.text, 'PROBLEM: web01/HTTP is CRITICAL');
  } finally {
    await hook.close();
  }
});

test('the webhook method escapes Slack markup in plugin output', async () => {
  const hook = await receiver();
  try {
    const job = hookJob(`${hook.url}/slack`, 'slack');
    await webhookMethod()(
      { ...job, macros: { ...job.macros, SERVICEOUTPUT: '<!channel> & <http://x|y>' } },
      new AbortController().signal,
    );
    const body = hook.received[0]?.body as { attachments: { text: string }[] };
    assert.equal(body.attachments[0]?.text, '&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  } finally {
    await hook.close();
  }
});

test('the webhook method calls 5xx, 429 and timeouts temporary, other 4xx permanent', async () => {
  const hook = await receiver((path) => (path === '/hang' ? 'hang' : Number(path.slice(1))));
  try {
    const cases: readonly [string, boolean | null][] = [
      ['/204', null],
      ['/500', true],
      ['/503', true],
      ['/429', true],
      ['/408', true],
      ['/404', false],
      ['/400', false],
      ['/hang', true],
    ];
    for (const [path, retryable] of cases) {
      const outcome = await webhookMethod()(hookJob(`${hook.url}${path}`, 'json', 1), new AbortController().signal);
      if (retryable === null) assert.equal(outcome.ok, true, path);
      else assert.deepEqual([outcome.ok, !outcome.ok && outcome.retryable], [false, retryable], path);
    }
  } finally {
    await hook.close();
  }
  const refused = await webhookMethod()(hookJob(`${hook.url}/gone`, 'json', 1), new AbortController().signal);
  assert.deepEqual([refused.ok, !refused.ok && refused.retryable], [false, true]);
});
