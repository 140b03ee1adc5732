import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeHttpAnswer, type HttpExpectations } from './http-verdict.js';

const defaults: HttpExpectations = { statusCodes: null, acceptRedirection: true, string: null, regex: null };

test('judgeHttpAnswer() judges status and body as check_http does', () => {
  const rows: [string, number, string, Partial<HttpExpectations>, number[]][] = [
    ['200 is OK', 200, 'hello', {}, []],
    ['404 is WARNING', 404, '', {}, [1]],
    ['503 is CRITICAL', 503, '', {}, [2]],
    ['301 accepted', 301, '', {}, []],
    ['301 not accepted', 301, '', { acceptRedirection: false }, [2]],
    ['expected 404 is OK', 404, '', { statusCodes: [404] }, []],
    ['200 when 204 expected', 200, '', { statusCodes: [204] }, [2]],
    ['string found', 200, 'it works', { string: 'works' }, []],
    ['string missing', 200, 'it works', { string: 'fails' }, [2]],
    ['regex found', 200, 'version 1.22', { regex: /version \d+/ }, []],
    ['regex missing', 200, 'nothing', { regex: /version \d+/ }, [2]],
  ];
  for (const [name, code, body, change, statuses] of rows) {
    const findings = judgeHttpAnswer(
      { statusCode: code, statusLine: `HTTP/1.1 ${code} X`, body, url: 'http://h/' },
      { ...defaults, ...change },
    );
    assert.deepEqual(
      findings.map((finding) => finding.status),
      statuses,
      name,
    );
  }
});
