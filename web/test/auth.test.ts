import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenDisplayName, tokenPayload } from '../src/jwt.js';
import { decodeMessage, decodeServerMessage, encodeMessage, type ErrorCode } from '../src/protocol.js';
import { joinErrorText } from '../src/ui/join-errors.js';
import { readOptions } from '../src/ui/options.js';

/** A compact JWS with `payload` (the signature is not looked at by the page). */
function jwt(payload: unknown): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

test('roomLocked and roleChanged decode as server messages', () => {
  const locked = decodeServerMessage('{"type":"roomLocked","locked":true,"participantId":"p1","requestId":4}');
  assert.deepEqual(locked, { ok: true, message: { type: 'roomLocked', locked: true, participantId: 'p1', requestId: 4 } });
  const role = decodeServerMessage('{"type":"roleChanged","participantId":"p2","moderator":true}');
  assert.deepEqual(role, { ok: true, message: { type: 'roleChanged', participantId: 'p2', moderator: true } });
});

test('roomLocked and roleChanged with a missing or mistyped field are refused', () => {
  assert.deepEqual(decodeServerMessage('{"type":"roomLocked","participantId":"p1"}'), { ok: false, error: "'roomLocked': missing 'locked'" });
  assert.deepEqual(decodeServerMessage('{"type":"roomLocked","locked":"yes","participantId":"p1"}'), {
    ok: false,
    error: "'roomLocked': 'locked' has the wrong type",
  });
  assert.deepEqual(decodeServerMessage('{"type":"roleChanged","participantId":"p1","moderator":1}'), {
    ok: false,
    error: "'roleChanged': 'moderator' has the wrong type",
  });
});

test('joined carries the name, the moderator role and the lock, all optional', () => {
  const base = '"type":"joined","participantId":"p","room":"r","participants":[],"iceServers":[],"protocolVersion":1';
  const full = decodeServerMessage(`{${base},"displayName":"Ada","moderator":true,"locked":false}`);
  assert.ok(full.ok);
  assert.equal(full.message.type, 'joined');
  if (full.message.type !== 'joined') return;
  assert.equal(full.message.displayName, 'Ada');
  assert.equal(full.message.moderator, true);
  assert.equal(full.message.locked, false);
  assert.ok(decodeServerMessage(`{${base}}`).ok);
  assert.deepEqual(decodeServerMessage(`{${base},"moderator":"true"}`), { ok: false, error: "'joined': 'moderator' has the wrong type" });
});

test('setRoomPassword is a client message: with a password it locks, without it unlocks', () => {
  assert.equal(encodeMessage({ type: 'setRoomPassword', password: 's3cret', requestId: 2 }), '{"type":"setRoomPassword","password":"s3cret","requestId":2}');
  assert.equal(encodeMessage({ type: 'setRoomPassword' }), '{"type":"setRoomPassword"}');
  assert.ok(decodeMessage('{"type":"setRoomPassword"}').ok);
  assert.deepEqual(decodeMessage('{"type":"setRoomPassword","password":5}'), { ok: false, error: "'setRoomPassword': 'password' has the wrong type" });
  assert.deepEqual(decodeServerMessage('{"type":"setRoomPassword"}'), { ok: false, error: "'setRoomPassword' is not a message the focus sends" });
});

test('join carries the password and the token', () => {
  const text = encodeMessage({ type: 'join', room: 'r', displayName: 'Ada', password: 'pw', token: 'a.b.c' });
  assert.deepEqual(JSON.parse(text), { type: 'join', room: 'r', displayName: 'Ada', password: 'pw', token: 'a.b.c' });
});

test('every auth refusal has its own sentence; password refusals ask for the password', () => {
  const tokenCodes: ErrorCode[] = [
    'token_required',
    'token_invalid',
    'token_bad_signature',
    'token_expired',
    'token_not_yet_valid',
    'token_wrong_room',
    'token_wrong_audience',
    'token_wrong_issuer',
  ];
  const texts = tokenCodes.map((code) => joinErrorText(code));
  for (const [i, text] of texts.entries()) {
    assert.ok(text !== null, `${tokenCodes[i]} has a sentence`);
    assert.equal(text.action, 'none');
  }
  assert.equal(new Set(texts.map((t) => t?.text)).size, tokenCodes.length, 'the sentences are distinct');
  assert.equal(joinErrorText('password_required')?.action, 'askPassword');
  assert.equal(joinErrorText('wrong_password')?.action, 'retryPassword');
  assert.equal(joinErrorText('password_attempts_exceeded')?.action, 'retryPassword');
  assert.match(joinErrorText('token_expired')?.text ?? '', /expired/);
  assert.match(joinErrorText('token_wrong_room')?.text ?? '', /another meeting/);
  assert.equal(joinErrorText('malformed'), null);
  assert.equal(joinErrorText('toString'), null);
});

test("the token's context.user.name is what the prejoin shows", () => {
  assert.equal(tokenDisplayName(jwt({ room: 'r', context: { user: { name: '  Zoë 🎉  ' } } })), 'Zoë 🎉');
  assert.equal(tokenDisplayName(jwt({ room: 'r', context: { user: { id: 'u1' } } })), null);
  assert.equal(tokenDisplayName(jwt({ room: 'r', context: { user: { name: 42 } } })), null);
  assert.equal(tokenDisplayName(jwt({ room: 'r', context: { user: { name: '   ' } } })), null);
  assert.equal(tokenDisplayName(jwt({ room: 'r' })), null);
  assert.equal(tokenDisplayName('not-a-token'), null);
  assert.equal(tokenDisplayName('a.%%%.c'), null);
  assert.equal(tokenDisplayName(`a.${Buffer.from([0xff, 0xfe]).toString('base64url')}.c`), null);
  assert.deepEqual(tokenPayload(jwt({ room: 'standup', moderator: true })), { room: 'standup', moderator: true });
  assert.equal(tokenPayload(jwt(['an', 'array'])), null);
});

test('?jwt= in the meeting link is the token', () => {
  assert.equal(readOptions('?jwt=a.b.c&name=Ada').token, 'a.b.c');
  assert.equal(readOptions('?jwt=').token, null);
  assert.equal(readOptions('?name=Ada').token, null);
});
