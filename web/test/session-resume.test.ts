import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Session } from '../src/session.js';
import { FakePeerConnection, FakeWebSocket, fakeStream, installFakes, settle } from './fakes.js';

const bob = { participantId: 'bob', displayName: 'Bob', audioMuted: false, videoMuted: false };
const carol = { participantId: 'carol', displayName: 'Carol', audioMuted: false, videoMuted: false };

const opened: Session[] = [];

beforeEach(() => installFakes());
afterEach(() => {
  for (const session of opened.splice(0)) session.leave();
});

/** A session joined to room `r` (joined with seq 1, publishAnswer with seq 2); `resumable` adds the focus's resume token. */
async function joined(resumable = true): Promise<{ session: Session; socket: FakeWebSocket; events: string[] }> {
  const session = new Session({ url: 'ws://focus/signaling', room: 'r', displayName: 'Ada', stream: fakeStream() });
  opened.push(session);
  const events: string[] = [];
  session.on('participantLeft', (id) => events.push(`left ${id}`));
  session.on('participantJoined', (p) => events.push(`joined ${p.participantId}`));
  session.on('reconnectingChanged', (r) => events.push(`reconnecting ${r}`));
  session.on('resumed', () => events.push('resumed'));
  session.on('error', (e) => events.push(`error ${e.code}`));
  const joining = session.join();
  const socket = lastSocket();
  socket.open();
  await settle();
  socket.receive({
    type: 'joined', participantId: 'ada', room: 'r', participants: [bob], iceServers: [], protocolVersion: 1,
    requestId: socket.last('join')?.['requestId'], seq: 1,
    ...(resumable ? { resumeToken: 'token-of-ada', resumeGraceMs: 20_000 } : {}),
  });
  for (let i = 0; i < 20 && socket.last('publishOffer') === undefined; i++) await settle(1);
  socket.receive({ type: 'publishAnswer', sdp: 'publish-answer', requestId: socket.last('publishOffer')?.['requestId'], seq: 2 });
  await joining;
  return { session, socket, events };
}

function lastSocket(): FakeWebSocket {
  const socket = FakeWebSocket.instances.at(-1);
  assert.ok(socket !== undefined);
  return socket;
}

/** Waits (bounded, real time: the session's backoff uses timers) until the session opened socket number `count`. */
async function socketNumber(count: number): Promise<FakeWebSocket> {
  for (let i = 0; i < 250 && FakeWebSocket.instances.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(FakeWebSocket.instances.length, count, `socket number ${count} was opened`);
  return lastSocket();
}

test('a dropped socket is resumed: same participant and peer connections, what was sent meanwhile goes again, nobody leaves', async () => {
  const { session, socket, events } = await joined();
  const peerConnections = FakePeerConnection.instances.length;
  socket.receive({ type: 'participantMuted', participantId: 'bob', audioMuted: true, videoMuted: false, seq: 3 });

  socket.close(1006, ''); // the network, not a close by either side
  assert.equal(session.state, 'joined');
  assert.equal(session.reconnecting, true);
  session.setMuted(true, false); // while the socket is down: kept, sent after `resumed`
  const muteRequest = Math.max(...socket.messages().map((m) => Number(m['requestId'] ?? 0))) + 1;

  const again = await socketNumber(2);
  again.open();
  await settle();
  const resume = again.last('resume');
  assert.deepEqual({ ...resume, requestId: undefined }, { type: 'resume', participantId: 'ada', resumeToken: 'token-of-ada', lastSeq: 3, requestId: undefined });
  assert.equal(again.last('setMuted'), undefined, 'nothing but resume before resumed');

  again.receive({ type: 'resumed', participantId: 'ada', lastRequestId: muteRequest - 1, requestId: resume?.['requestId'] });
  again.receive({ type: 'participantJoined', participant: carol, seq: 4 });
  await settle();

  assert.deepEqual(again.last('setMuted'), { type: 'setMuted', audioMuted: true, videoMuted: false, requestId: muteRequest });
  assert.equal(session.resumes, 1);
  assert.equal(session.reconnecting, false);
  assert.equal(session.participantId, 'ada');
  assert.deepEqual(session.remoteParticipants().map((p) => p.participantId), ['bob', 'carol']);
  assert.equal(FakePeerConnection.instances.length, peerConnections, 'no peer connection was rebuilt');
  assert.deepEqual(events, ['joined bob', 'reconnecting true', 'joined carol', 'resumed', 'reconnecting false']);

  // A second drop resumes from the latest seq.
  again.close(1006, '');
  const third = await socketNumber(3);
  third.open();
  await settle();
  assert.equal(third.last('resume')?.['lastSeq'], 4);
});

test('a resume the focus refuses ends the session as failed', async () => {
  const { session, socket, events } = await joined();

  socket.close(1006, '');
  const again = await socketNumber(2);
  again.open();
  await settle();
  again.receive({ type: 'error', code: 'resume_failed', message: 'the browser missed 300 messages', requestId: again.last('resume')?.['requestId'] });
  await settle();

  assert.equal(session.state, 'failed');
  assert.ok(events.includes('error resume_failed'), events.join(', '));
  assert.ok(!events.includes('left bob'));
});

test('a socket that will not open is tried again with backoff until one does', async () => {
  const { session, socket } = await joined();

  socket.close(1006, '');
  const refused = await socketNumber(2);
  refused.close(1006, ''); // before it opened: the attempt fails, the next one follows
  const again = await socketNumber(3);
  again.open();
  await settle();
  again.receive({ type: 'resumed', participantId: 'ada', requestId: again.last('resume')?.['requestId'] });
  await settle();

  assert.equal(session.state, 'joined');
  assert.equal(session.resumes, 1);
});

test('without a resume token from the focus, a dropped socket ends the session', async () => {
  const { session, socket } = await joined(false);

  socket.close(1006, '');
  await settle();

  assert.equal(session.state, 'failed');
  assert.equal(FakeWebSocket.instances.length, 1);
});
