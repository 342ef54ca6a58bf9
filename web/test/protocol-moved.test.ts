import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeServerMessage } from '../src/protocol.js';

test('moved decodes as a server message', () => {
  const text = '{"type":"moved","reason":"media bridge b1 lost: no heartbeat for 6.5 s"}';
  assert.deepEqual(decodeServerMessage(text), { ok: true, message: { type: 'moved', reason: 'media bridge b1 lost: no heartbeat for 6.5 s' } });
});

test('moved without a reason, or with one that is not a string, is refused', () => {
  assert.deepEqual(decodeServerMessage('{"type":"moved"}'), { ok: false, error: "'moved': missing 'reason'" });
  assert.deepEqual(decodeServerMessage('{"type":"moved","reason":42}'), { ok: false, error: "'moved': 'reason' has the wrong type" });
  assert.deepEqual(decodeServerMessage('{"type":"moved","reason":null}'), { ok: false, error: "'moved': 'reason' has the wrong type" });
});
