import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { TLSSocket } from 'node:tls';
import { makeTestCertificates, removeTestCertificates } from './certificates-for-tests.js';
import { closeServer, listenOnLoopback, runNativeLine } from './native-checks-for-tests.js';

const certificates = makeTestCertificates();
after(() => removeTestCertificates(certificates));

/** A line server: greets, then answers each line with what `reply` returns (null closes). */
async function lineServer(greeting: string, reply: (line: string, socket: Socket) => string | null): Promise<number> {
  const server = createServer((socket) => serveLines(socket, greeting, reply));
  after(() => closeServer(server));
  return listenOnLoopback(server);
}

function serveLines(
  socket: Socket | TLSSocket,
  greeting: string,
  reply: (line: string, socket: Socket) => string | null,
): void {
  if (greeting !== '') socket.write(greeting);
  let buffered = '';
  const onData = (chunk: Buffer): void => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end).replace(/\r$/, '');
      buffered = buffered.slice(end + 1);
      if (/^(\w+ )?(STARTTLS|STLS)$/i.test(line)) {
        socket.off('data', onData);
        socket.write(reply(line, socket as Socket) ?? '');
        const secure = new TLSSocket(socket, {
          isServer: true,
          key: certificates.good.key,
          cert: certificates.good.cert,
        });
        secure.on('error', () => undefined);
        serveLines(secure, '', reply);
        return;
      }
      const answer = reply(line, socket as Socket);
      if (answer === null) socket.end();
      else socket.write(answer);
    }
  };
  socket.on('data', onData);
  socket.on('error', () => undefined);
}

test('tcp: connect, send and expect, thresholds, refusal', async () => {
  const port = await lineServer('220 ready\r\n', (line) => `250 got ${line}\r\n`);
  const rows: [string, number, RegExp][] = [
    [`port=${port}`, 0, /^TCP OK - \d\.\d{3} second response time on 127\.0\.0\.1 port \d+$/],
    [`port=${port} expect=ready`, 0, /port \d+ \[220 ready\]$/],
    [`port=${port} send='PING\\r\\n' expect='got PING'`, 0, /\[220 ready 250 got PING\]$/],
    [`port=${port} expect=nothing-like-this`, 1, /^TCP WARNING - Unexpected response from host\/socket: 220 ready; /],
    [`port=${port} warning=0 critical=10`, 1, /^TCP WARNING - /],
    [`port=${port} warning=0 critical=0`, 2, /^TCP CRITICAL - /],
  ];
  for (const [parameters, status, output] of rows) {
    const result = await runNativeLine(`native:tcp host=127.0.0.1 ${parameters}`, { timeoutMs: 500 });
    assert.equal(result.status, status, `${parameters}: ${result.output}`);
    assert.match(result.output, output, parameters);
  }
  const plain = await runNativeLine(`native:tcp host=127.0.0.1 port=${port} warning=1.5 critical=3`);
  assert.match(plain.perfdata, /^time=\d\.\d{6}s;1\.500000;3\.000000;0\.000000;2\.000000$/);
  const closed = createServer();
  const closedPort = await listenOnLoopback(closed);
  await closeServer(closed);
  const refused = await runNativeLine(`native:tcp host=127.0.0.1 port=${closedPort}`);
  assert.equal(refused.status, 2);
  assert.equal(
    refused.output,
    `TCP CRITICAL - connect to address 127.0.0.1 and port ${closedPort}: Connection refused`,
  );
});

test('bad parameters are UNKNOWN naming each problem', async () => {
  const result = await runNativeLine('native:tcp host=127.0.0.1 prot=22 ssl=perhaps');
  assert.equal(result.status, 3);
  assert.equal(
    result.output,
    `TCP UNKNOWN - parameter "port" is required; parameter "ssl" must be true or false, not "perhaps"; unknown parameter "prot" (did you mean 'port'?)`,
  );
  assert.equal((await runNativeLine('native:http')).output, 'HTTP UNKNOWN - parameter "host" is required');
});

test('udp: an answer with the expected text is OK, silence with expect is CRITICAL, a closed port is refused', async () => {
  const server = createSocket('udp4');
  server.on('message', (message, peer) => {
    if (message.toString() !== 'quiet') server.send(`echo ${message.toString()}`, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  after(() => server.close());
  const port = server.address().port;
  const answered = await runNativeLine(`native:udp host=127.0.0.1 port=${port} send=hello expect='echo hello'`);
  assert.equal(answered.status, 0, answered.output);
  assert.match(answered.output, /^UDP OK - .* \[echo hello\]$/);
  const silent = await runNativeLine(`native:udp host=127.0.0.1 port=${port} send=quiet expect=x`, { timeoutMs: 300 });
  assert.equal(silent.status, 2);
  assert.match(silent.output, /No data received from host/);
  const open = await runNativeLine(`native:udp host=127.0.0.1 port=${port} send=quiet wait=0.1`);
  assert.equal(open.status, 0);
  assert.match(open.output, /no answer and not refused/);
  const closedSocket = createSocket('udp4');
  await new Promise<void>((resolve) => closedSocket.bind(0, '127.0.0.1', resolve));
  const closedPort = closedSocket.address().port;
  closedSocket.close();
  const refused = await runNativeLine(`native:udp host=127.0.0.1 port=${closedPort} send=x wait=1`);
  assert.equal(refused.status, 2);
  assert.match(refused.output, /Connection refused/);
});

test('alive: an accepted or refused connection means up; silence means down', async () => {
  const server = createServer();
  const port = await listenOnLoopback(server);
  after(() => closeServer(server));
  const up = await runNativeLine(`native:alive host=127.0.0.1 port=${port}`);
  assert.equal(up.status, 0);
  assert.match(up.output, new RegExp(`^ALIVE OK - 127.0.0.1 is alive: port ${port} accepted the connection`));
  const closed = createServer();
  const closedPort = await listenOnLoopback(closed);
  await closeServer(closed);
  const refused = await runNativeLine(`native:alive host=127.0.0.1 port=${closedPort},${port}`);
  assert.equal(refused.status, 0);
  const down = await runNativeLine('native:alive host=nowhere.invalid port=80', { timeoutMs: 1000 });
  assert.equal(down.status, 2, down.output);
  assert.match(down.output, /^ALIVE CRITICAL - nowhere.invalid is not answering: /);
});

/** A DNS answer for an A query of the question in `query`, with `addresses`. */
function dnsAnswer(query: Buffer, addresses: readonly string[]): Buffer {
  let end = 12;
  while (query[end] !== 0 && end < query.length) end += (query[end] ?? 0) + 1;
  const question = query.subarray(12, end + 5);
  const header = Buffer.from([0, 0, 0x81, addresses.length === 0 ? 0x83 : 0x80, 0, 1, 0, addresses.length, 0, 0, 0, 0]);
  query.copy(header, 0, 0, 2);
  const records = addresses.map((address) =>
    Buffer.concat([
      Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]),
      Buffer.from(address.split('.').map(Number)),
    ]),
  );
  return Buffer.concat([header, question, ...records]);
}

test('dns: asks the given server, checks expected addresses, says when a name does not exist', async () => {
  const server = createSocket('udp4');
  server.on('message', (query, peer) => {
    const known = query.includes(Buffer.from('\x04good\x04test\x00', 'latin1'));
    server.send(dnsAnswer(query, known ? ['192.0.2.7', '192.0.2.8'] : []), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  after(() => server.close());
  const port = server.address().port;
  const found = await runNativeLine(`native:dns host=127.0.0.1 port=${port} name=good.test expect=192.0.2.8`);
  assert.equal(found.status, 0, found.output);
  assert.match(
    found.output,
    /^DNS OK - \d\.\d{3} seconds response time\. good\.test returns 192\.0\.2\.7,192\.0\.2\.8$/,
  );
  const wrong = await runNativeLine(`native:dns host=127.0.0.1 port=${port} name=good.test expect=192.0.2.9`);
  assert.equal(wrong.status, 2);
  assert.match(wrong.output, /expected '192.0.2.9' but got '192.0.2.7,192.0.2.8'/);
  const missing = await runNativeLine(`native:dns host=127.0.0.1 port=${port} name=bad.test`);
  assert.equal(missing.status, 2);
  assert.match(missing.output, /Domain 'bad.test' was not found by the server/);
});

test('smtp, imap and pop3: greeting, STARTTLS, login and goodbye', async () => {
  const smtp = await lineServer('220 mail ESMTP\r\n', (line) =>
    /^EHLO /.test(line)
      ? '250-mail\r\n250-STARTTLS\r\n250 8BITMIME\r\n'
      : line === 'STARTTLS'
        ? '220 go ahead\r\n'
        : line === 'QUIT'
          ? '221 bye\r\n'
          : '500 what\r\n',
  );
  const imap = await lineServer('* OK IMAP ready\r\n', (line) => {
    const [tag = '', command = ''] = line.split(' ');
    if (command === 'LOGIN')
      return line.includes('"secret"') ? `${tag} OK logged in\r\n` : `${tag} NO [AUTHENTICATIONFAILED] bad\r\n`;
    if (command === 'LOGOUT') return `* BYE\r\n${tag} OK done\r\n`;
    return `${tag} OK begin TLS\r\n`;
  });
  const pop3 = await lineServer('+OK POP3 ready\r\n', (line) =>
    line === 'PASS wrong' ? '-ERR denied\r\n' : '+OK\r\n',
  );
  const tls = `starttls=true ssl_hostname=good.test ca_file=${certificates.caFile}`;
  const rows: [string, number, RegExp][] = [
    [
      `smtp host=127.0.0.1 port=${smtp}`,
      0,
      /^SMTP OK - \d\.\d{3} second response time on 127\.0\.0\.1 port \d+ \[220 mail ESMTP\]$/,
    ],
    [
      `smtp host=127.0.0.1 port=${smtp} ${tls}`,
      0,
      /^SMTP OK - .*; certificate 'CN=good\.test' from 'CN=Watchpost Test CA'/,
    ],
    [`smtp host=127.0.0.1 port=${smtp} starttls=true`, 2, /certificate is not for "127\.0\.0\.1".*not trusted/],
    [`imap host=127.0.0.1 port=${imap}`, 0, /^IMAP OK - .*\[\* OK IMAP ready\]$/],
    [`imap host=127.0.0.1 port=${imap} ${tls} username=me password=secret`, 0, /^IMAP OK/],
    [
      `imap host=127.0.0.1 port=${imap} username=me password=wrong`,
      2,
      /^IMAP CRITICAL - login failed: NO \[AUTHENTICATIONFAILED\] bad/,
    ],
    [`pop3 host=127.0.0.1 port=${pop3} ${tls} username=me password=right`, 0, /^POP OK - .*\[\+OK POP3 ready\]/],
    [`pop3 host=127.0.0.1 port=${pop3} username=me password=wrong`, 2, /^POP CRITICAL - login failed: -ERR denied/],
    [`imap host=127.0.0.1 port=${pop3}`, 1, /^IMAP WARNING - Unexpected response from host\/socket: \+OK POP3 ready/],
  ];
  for (const [line, status, output] of rows) {
    const result = await runNativeLine(`native:${line}`);
    assert.equal(result.status, status, `${line}: ${result.output}`);
    assert.match(result.output, output, line);
  }
  const withCertificate = await runNativeLine(`native:smtp host=127.0.0.1 port=${smtp} ${tls}`);
  assert.match(withCertificate.perfdata, /^time=\S+ days_left=36[45];;0:;;$/);
  assert.match(withCertificate.longOutput, /^Certificate subject: CN=good\.test$/m);
});

test('http: status, body, Host header, redirects followed or not', async () => {
  const hosts: string[] = [];
  const server = createHttpServer((request, response) => {
    hosts.push(request.headers.host ?? '');
    const path = request.url ?? '/';
    if (path === '/moved') response.writeHead(301, { Location: '/' }).end();
    else if (path === '/loop') response.writeHead(302, { Location: '/loop' }).end();
    else if (path.startsWith('/chain/')) response.writeHead(302, { Location: `${path}x` }).end();
    else if (path === '/gone') response.writeHead(404).end('not here');
    else if (path === '/broken') response.writeHead(500).end();
    else if (path === '/big') response.end(Buffer.alloc(3 * 1024 * 1024, 'x'));
    else response.end('<h1>it works</h1>');
  });
  const port = await listenOnLoopback(server);
  after(() => closeServer(server));
  const base = `native:http host=127.0.0.1 port=${port}`;
  const rows: [string, number, RegExp][] = [
    ['', 0, /^HTTP OK - HTTP\/1\.1 200 OK - 17 bytes in \d\.\d{3} second response time$/],
    ['uri=/moved', 0, /200 OK - 17 bytes/],
    ['uri=/moved max_redirects=0', 0, /301 Moved Permanently/],
    ['uri=/moved accept_redirection=false', 2, /redirection not accepted/],
    ['uri=/loop max_redirects=3', 2, /redirection creates an infinite loop/],
    ['uri=/chain/ max_redirects=3', 1, /maximum redirection depth 3 exceeded/],
    ['uri=/gone', 1, /^HTTP WARNING - HTTP\/1\.1 404 Not Found/],
    ['uri=/gone expect=404', 0, /404/],
    ['uri=/broken', 2, /^HTTP CRITICAL - HTTP\/1\.1 500/],
    ['string=works', 0, /200 OK/],
    ['string=fails', 2, /string 'fails' not found/],
    ["regex='<h1>.*</h1>'", 0, /200 OK/],
    ['uri=/big', 0, /at least 1048576 bytes/],
  ];
  for (const [parameters, status, output] of rows) {
    const result = await runNativeLine(`${base} ${parameters}`);
    assert.equal(result.status, status, `${parameters}: ${result.output}`);
    assert.match(result.output, output, parameters);
  }
  hosts.length = 0;
  const named = await runNativeLine(`${base} hostname=www.good.test`);
  assert.match(named.perfdata, /^time=\d\.\d{6}s;;;0\.000000;2\.000000 size=17B;;;0$/);
  assert.deepEqual(hosts, [`www.good.test:${port}`]);
});
