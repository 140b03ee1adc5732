import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EMPTY_MAILFLOW_STATE,
  flowVerdict,
  MAX_PENDING_TOKENS,
  readMailflowState,
  withArrivedTokens,
  withSentToken,
} from './mailflow-tokens.js';
import { readTokenSubject, subjectOfHeaders, tokenMailData, tokenSubject } from './mail-token.js';

const sentTwo = withSentToken(withSentToken(EMPTY_MAILFLOW_STATE, 'f', 'a', 1_000), 'f', 'b', 5_000);

test('the verdict of a flow at a time', () => {
  const rows: [string, Parameters<typeof flowVerdict>, number, RegExp][] = [
    ['never sent', [EMPTY_MAILFLOW_STATE, 'f', 60, 0], 0, /no token sent yet/],
    ['pending, young', [sentTwo, 'f', 60, 30_000], 0, /2 tokens pending, the oldest sent 29 s ago/],
    ['oldest late', [sentTwo, 'f', 60, 62_000], 2, /1 of 2 tokens not arrived after 60 s, the oldest sent 61 s ago/],
    ['both late', [sentTwo, 'f', 60, 100_000], 2, /2 of 2 tokens/],
    ['other flow', [sentTwo, 'g', 60, 100_000], 0, /flow g: no token sent yet/],
  ];
  for (const [name, args, status, text] of rows) {
    const verdict = flowVerdict(...args);
    assert.equal(verdict.status, status, name);
    assert.match(verdict.text, text, name);
  }
});

test('arrived tokens leave the pending list; unknown tokens change nothing', () => {
  const arrived = withArrivedTokens(sentTwo, 'f', new Set(['a', 'zzz']), 9_000);
  assert.deepEqual(arrived.arrived, [{ token: 'a', sentAt: 1_000, arrivedAt: 9_000 }]);
  const verdict = flowVerdict(arrived.state, 'f', 60, 10_000);
  assert.match(verdict.text, /1 tokens pending.*the last token arrived 8 s after it was sent/);
  assert.equal(withArrivedTokens(sentTwo, 'f', new Set(['zzz']), 9_000).state, sentTwo);
  const done = withArrivedTokens(arrived.state, 'f', new Set(['b']), 9_000).state;
  assert.match(flowVerdict(done, 'f', 1, 1e9).text, /no token pending/);
  assert.equal(flowVerdict(done, 'f', 1, 1e9).status, 0);
});

test('a full flow keeps its oldest tokens', () => {
  let state = EMPTY_MAILFLOW_STATE;
  for (let index = 0; index <= MAX_PENDING_TOKENS; index++) state = withSentToken(state, 'f', `t${index}`, index);
  assert.equal(state.flows.f?.pending.length, MAX_PENDING_TOKENS);
  assert.equal(state.flows.f?.pending[0]?.token, 't0');
});

test('a stored state reads back; anything else is refused', () => {
  const stored = withArrivedTokens(sentTwo, 'f', new Set(['a']), 9_000).state;
  assert.deepEqual(readMailflowState(JSON.parse(JSON.stringify(stored))), stored);
  for (const bad of [null, [], { flows: [] }, { flows: { f: { pending: [{ token: 1 }] } } }]) {
    assert.equal(readMailflowState(bad), null, JSON.stringify(bad));
  }
});

test('token subjects and mails', () => {
  const subject = tokenSubject('flow-1', 'abc', Date.UTC(2026, 0, 2));
  assert.equal(subject, 'Watchpost mail flow flow-1 token abc sent 2026-01-02T00:00:00.000Z');
  assert.deepEqual(readTokenSubject(subject), { flowId: 'flow-1', token: 'abc' });
  assert.equal(readTokenSubject('Re: hello'), null);
  assert.equal(
    subjectOfHeaders(['From: x', 'Subject: Watchpost mail flow f', ' token t sent x', '']),
    'Watchpost mail flow f token t sent x',
  );
  const data = tokenMailData({ flowId: 'f', token: 't', sentAt: 0, from: 'a@b', to: 'a@b', hostName: 'h' });
  assert.match(data, /\r\nSubject: Watchpost mail flow f token t sent 1970-01-01T00:00:00.000Z\r\n/);
  assert.ok(data.endsWith('\r\n.\r\n'));
});
