import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { mediaRestored } from '../src/media-restored.js';
import { Session, type ReceiverConstraints } from '../src/session.js';
import { FakePeerConnection, FakeWebSocket, fakeStream, installFakes, settle, subscribeSdp } from './fakes.js';

const bob = { participantId: 'bob', displayName: 'Bob', audioMuted: false, videoMuted: false };
const bobTracks = [
  { mid: '0', participantId: 'bob', kind: 'audio', trackId: 'bob-a' },
  { mid: '1', participantId: 'bob', kind: 'video', trackId: 'bob-v' },
];
const constraints: ReceiverConstraints = { lastN: 3, onStage: ['bob'], defaultMaxHeight: 180, constraints: { bob: { maxHeight: 720 } } };

function subscribeOffer(version: number, tracks = bobTracks): Record<string, unknown> {
  return { type: 'subscribeOffer', version, sdp: subscribeSdp(tracks), tracks };
}

interface Meeting {
  session: Session;
  socket: FakeWebSocket;
  publishPc: FakePeerConnection;
  subscribePc: FakePeerConnection;
}

/** A session joined to room `r` with `participants` already there, its publish offer answered. */
async function joined(participants = [bob]): Promise<Meeting> {
  const session = newSession();
  const joining = session.join();
  const socket = FakeWebSocket.instances.at(-1);
  assert.ok(socket !== undefined);
  socket.open();
  await settle();
  const join = socket.last('join');
  socket.receive({ type: 'joined', participantId: 'ada', room: 'r', participants, iceServers: [], protocolVersion: 1, requestId: join?.['requestId'] });
  const [publishPc, subscribePc] = FakePeerConnection.instances.slice(-2);
  assert.ok(publishPc !== undefined && subscribePc !== undefined);
  await answerPublish(socket);
  await joining;
  return { session, socket, publishPc, subscribePc };
}

/** Waits until the client has sent its `count`th publishOffer and answers it. */
async function answerPublish(socket: FakeWebSocket, count = 1): Promise<void> {
  for (let i = 0; i < 20 && publishOffers(socket).length < count; i++) await settle(1);
  assert.equal(publishOffers(socket).length, count, `publishOffer number ${count} was sent`);
  const offer = socket.last('publishOffer');
  assert.ok(offer !== undefined, 'a publishOffer was sent');
  socket.receive({ type: 'publishAnswer', sdp: 'publish-answer', requestId: offer['requestId'] });
  await settle();
}

function publishOffers(socket: FakeWebSocket): Record<string, unknown>[] {
  return socket.messages().filter((m) => m['type'] === 'publishOffer');
}

function subscribeAnswers(socket: FakeWebSocket): unknown[] {
  return socket.messages().filter((m) => m['type'] === 'subscribeAnswer').map((m) => m['version']);
}

/** Every session a test opened; left after each test, so that a failed one leaves no ping timer behind. */
const opened: Session[] = [];

function newSession(): Session {
  const session = new Session({ url: 'ws://focus/signaling', room: 'r', displayName: 'Ada', stream: fakeStream() });
  opened.push(session);
  return session;
}

beforeEach(() => installFakes());
afterEach(() => {
  for (const session of opened.splice(0)) session.leave();
});

test('moved closes both peer connections, sends a new publishOffer and the last receiverConstraints', async () => {
  const { session, socket, publishPc, subscribePc } = await joined();
  session.setReceiverConstraints(constraints);
  session.setReceiverConstraints({ ...constraints, lastN: 5 });
  const before = FakePeerConnection.instances.length;
  const sentBefore = socket.sent.length;

  socket.receive({ type: 'moved', reason: 'media bridge b1 lost: no heartbeat for 6.5 s' });
  await settle();

  assert.ok(publishPc.closed, 'the old publish connection is closed');
  assert.ok(subscribePc.closed, 'the old subscribe connection is closed');
  assert.equal(FakePeerConnection.instances.length, before + 1, 'one new connection: the publisher (the subscriber waits for an offer)');
  const newPublish = FakePeerConnection.instances.at(-1);
  assert.ok(newPublish !== undefined && !newPublish.closed);
  assert.equal(newPublish.transceivers.length, 2, 'the same two tracks again');
  assert.deepEqual(
    newPublish.transceivers.map((t) => t.sender.track?.id),
    ['mic', 'cam'],
  );
  assert.deepEqual(
    newPublish.transceivers[1]?.sender.getParameters().encodings.map((e) => e.rid),
    ['q', 'h', 'f'],
    'the same simulcast encodings',
  );
  assert.equal(publishOffers(socket).length, 2, 'a new publishOffer');
  const afterMove = socket.messages().slice(sentBefore);
  assert.deepEqual(
    afterMove.map((m) => m['type']),
    ['receiverConstraints', 'publishOffer'],
    'the constraints again as the new setup begins, then the offer',
  );
  const { requestId: _, ...resent } = afterMove[0] ?? {};
  assert.deepEqual(resent, { type: 'receiverConstraints', ...constraints, lastN: 5 }, 'the last values sent');
  assert.equal(session.moves, 1);
  assert.equal(session.state, 'joined');
  assert.deepEqual(session.remoteParticipants(), [bob], 'the roster stays');

  await answerPublish(socket, 2);
  assert.equal(newPublish.remoteDescription?.sdp, 'publish-answer');
});

test('mute state carries over: the same tracks, still disabled', async () => {
  const { session, socket } = await joined();
  session.setMuted(true, true);
  socket.receive({ type: 'moved', reason: 'r' });
  await settle();
  const tracks = FakePeerConnection.instances.at(-1)?.transceivers.map((t) => t.sender.track);
  assert.deepEqual(tracks?.map((t) => t?.enabled), [false, false]);
  assert.deepEqual(session.muted, { audioMuted: true, videoMuted: true });
});

test('after a version 5, the new bridge\'s version 1 is answered with 1 on a new subscribe connection', async () => {
  const { session, socket, subscribePc } = await joined();
  const added: string[] = [];
  const removed: string[] = [];
  session.on('trackAdded', (id, kind) => added.push(`${id}/${kind}`));
  session.on('trackRemoved', (id, kind) => removed.push(`${id}/${kind}`));
  socket.receive(subscribeOffer(5));
  await settle();
  assert.deepEqual(subscribeAnswers(socket), [5]);
  assert.equal(subscribePc.remoteDescription?.type, 'offer');

  socket.receive({ type: 'moved', reason: 'r' });
  assert.deepEqual(removed, ['bob/audio', 'bob/video'], 'the old tracks end with the old connection');
  socket.receive(subscribeOffer(1));
  await settle();

  assert.deepEqual(subscribeAnswers(socket), [5, 1]);
  const newSubscribe = FakePeerConnection.instances.at(-1);
  assert.ok(newSubscribe !== undefined && newSubscribe !== subscribePc);
  assert.ok(newSubscribe.remoteDescription?.sdp?.includes('a=msid:bob bob-v'), 'the offer went to the new connection');
  assert.ok(subscribePc.closed);
  assert.deepEqual(added, ['bob/audio', 'bob/video', 'bob/audio', 'bob/video'], 'the new tracks are delivered');
  assert.deepEqual(
    session.remoteTracks().map((t) => t.mid),
    ['0', '1'],
  );

  socket.receive(subscribeOffer(2));
  await settle();
  assert.deepEqual(subscribeAnswers(socket), [5, 1, 2], 'later offers go to the same new connection');
  assert.equal(FakePeerConnection.instances.at(-1), newSubscribe);
});

test('events of the old connections do not reach the new state', async () => {
  const { session, socket, publishPc, subscribePc } = await joined();
  socket.receive(subscribeOffer(5));
  await settle();
  // An offer the old connection is still applying when `moved` arrives.
  let release: () => void = () => undefined;
  subscribePc.remoteGate = new Promise<void>((resolve) => {
    release = resolve;
  });
  socket.receive(subscribeOffer(6));
  await settle();
  socket.receive({ type: 'moved', reason: 'r' });
  socket.receive(subscribeOffer(1, [bobTracks[1] ?? bobTracks[0]!]));
  await settle();
  const newSubscribe = FakePeerConnection.instances.at(-1);
  assert.ok(newSubscribe !== undefined && newSubscribe !== subscribePc);

  const events: string[] = [];
  session.on('trackAdded', (id) => events.push(`trackAdded ${id}`));
  session.on('connectionStateChanged', (role, state) => events.push(`${role} ${state}`));
  session.on('error', (e) => events.push(`error ${e.message}`));

  release();
  subscribePc.fireTrack('7', 'carol', 'video');
  subscribePc.setConnectionState('connected');
  publishPc.setConnectionState('connected');
  await settle();

  assert.deepEqual(events, [], 'no event of the old connections comes through');
  assert.deepEqual(subscribeAnswers(socket), [5, 1], 'the old connection answers nothing more');
  assert.deepEqual(
    session.remoteTracks().map((t) => t.trackId),
    ['bob-v'],
    'the tracks are the new offer\'s',
  );
  assert.equal(session.connectionState('subscribe'), 'new', 'the new connection\'s state, not the old one\'s');
  assert.equal(session.reconnecting, true, 'the old connections do not end the reconnecting');

  newSubscribe.setConnectionState('connected');
  assert.deepEqual(events, ['subscribe connected']);
});

test('inboundStats reads the new subscribe connection after a move', async () => {
  const { session, socket, subscribePc } = await joined();
  socket.receive(subscribeOffer(5));
  await settle();
  subscribePc.stats = [{ type: 'inbound-rtp', kind: 'video', mid: '1', ssrc: 1, framesDecoded: 500, frameHeight: 720 }];
  assert.deepEqual(
    (await session.inboundStats()).map((s) => s.framesDecoded),
    [500],
  );

  socket.receive({ type: 'moved', reason: 'r' });
  assert.deepEqual(await session.inboundStats(), [], 'nothing until the new bridge offers');
  socket.receive(subscribeOffer(1));
  await settle();
  const newSubscribe = FakePeerConnection.instances.at(-1);
  assert.ok(newSubscribe !== undefined);
  newSubscribe.stats = [{ type: 'inbound-rtp', kind: 'video', mid: '1', ssrc: 2, framesDecoded: 12, frameHeight: 360 }];
  const stats = await session.inboundStats();
  assert.deepEqual(
    stats.map((s) => [s.participantId, s.framesDecoded, s.frameHeight]),
    [['bob', 12, 360]],
  );
});

test('a move while getStats runs reports the new connection, not the old one', async () => {
  const { session, socket, subscribePc } = await joined();
  socket.receive(subscribeOffer(5));
  await settle();
  subscribePc.stats = [{ type: 'inbound-rtp', kind: 'video', mid: '1', ssrc: 1, framesDecoded: 500 }];
  const reading = session.inboundStats();
  socket.receive({ type: 'moved', reason: 'r' });
  socket.receive(subscribeOffer(1));
  const newSubscribe = FakePeerConnection.instances.at(-1);
  assert.ok(newSubscribe !== undefined && newSubscribe !== subscribePc);
  newSubscribe.stats = [{ type: 'inbound-rtp', kind: 'video', mid: '1', ssrc: 2, framesDecoded: 3 }];
  await settle();
  assert.deepEqual(
    (await reading).map((s) => s.framesDecoded),
    [3],
  );
});

test('reconnecting: from moved until the new subscribe connection is connected and a track arrived', async () => {
  const { session, socket } = await joined();
  const changes: boolean[] = [];
  session.on('reconnectingChanged', (r) => changes.push(r));
  assert.equal(session.reconnecting, false);
  socket.receive({ type: 'moved', reason: 'r' });
  assert.equal(session.reconnecting, true);
  await answerPublish(socket, 2);
  FakePeerConnection.instances.at(-1)?.setConnectionState('connected');
  assert.equal(session.reconnecting, true, 'publishing is not enough while others are there');
  socket.receive(subscribeOffer(1));
  await settle();
  assert.equal(session.reconnecting, true, 'not connected yet');
  FakePeerConnection.instances.at(-1)?.setConnectionState('connected');
  assert.equal(session.reconnecting, false);
  assert.deepEqual(changes, [true, false]);
});

test('reconnecting alone ends once the new publish connection is connected', async () => {
  const { session, socket } = await joined([]);
  socket.receive({ type: 'moved', reason: 'r' });
  await answerPublish(socket, 2);
  assert.equal(session.reconnecting, true);
  FakePeerConnection.instances.at(-1)?.setConnectionState('connected');
  assert.equal(session.reconnecting, false);
});

test('a moved during the join publishes on the new connection; join resolves with its answer', async () => {
  const session = newSession();
  const joining = session.join();
  const socket = FakeWebSocket.instances.at(-1);
  assert.ok(socket !== undefined);
  socket.open();
  await settle();
  socket.receive({ type: 'joined', participantId: 'ada', room: 'r', participants: [], iceServers: [], protocolVersion: 1, requestId: socket.last('join')?.['requestId'] });
  await settle();
  const firstOffer = socket.last('publishOffer');
  assert.ok(firstOffer !== undefined);
  socket.receive({ type: 'moved', reason: 'r' });
  await settle();
  assert.equal(publishOffers(socket).length, 2);
  // The lost bridge's answer to the first offer never comes; the focus refuses it instead.
  socket.receive({ type: 'error', code: 'bridge_unavailable', message: 'lost', requestId: firstOffer['requestId'] });
  await answerPublish(socket, 2);
  await joining;
  assert.equal(session.state, 'joined');
  assert.equal(FakePeerConnection.instances.at(-1)?.remoteDescription?.sdp, 'publish-answer');
});

test('errors about messages sent before the move are not reported; later ones are', async () => {
  const { session, socket } = await joined();
  socket.receive(subscribeOffer(5));
  await settle();
  const staleAnswer = socket.last('subscribeAnswer');
  socket.receive({ type: 'moved', reason: 'r' });
  const errors: string[] = [];
  session.on('error', (e) => errors.push(e.code));
  socket.receive({ type: 'error', code: 'out_of_order', message: 'no subscribe offer is outstanding', requestId: staleAnswer?.['requestId'] });
  socket.receive(subscribeOffer(1));
  await settle();
  socket.receive({ type: 'error', code: 'out_of_order', message: 'x', requestId: socket.last('subscribeAnswer')?.['requestId'] });
  assert.deepEqual(errors, ['out_of_order']);
});

test('senderConstraints of the new bridge apply to the new publisher; the old height is forgotten', async () => {
  const { session, socket } = await joined();
  socket.receive({ type: 'senderConstraints', maxHeight: 0 });
  await settle();
  assert.equal(session.senderMaxHeight, 0);
  socket.receive({ type: 'moved', reason: 'r' });
  assert.equal(session.senderMaxHeight, null, 'the new bridge starts from every encoding on');
  await answerPublish(socket, 2);
  const video = FakePeerConnection.instances.at(-1)?.transceivers[1]?.sender;
  assert.deepEqual(video?.getParameters().encodings.map((e) => e.active), [true, true, true]);
  socket.receive({ type: 'senderConstraints', maxHeight: 360 });
  await settle();
  assert.equal(session.senderMaxHeight, 360);
});

test('media restored: alone by the publish connection, with others by the subscribe connection and a track', () => {
  const base = { remoteParticipants: 1, publishState: 'connected', subscribeState: 'connected', offeredTracks: 2, deliveredTracks: 1, answeredOffers: 1 } as const;
  assert.equal(mediaRestored(base), true);
  assert.equal(mediaRestored({ ...base, deliveredTracks: 0 }), false);
  assert.equal(mediaRestored({ ...base, offeredTracks: 0, deliveredTracks: 0 }), true, 'nobody else publishes');
  assert.equal(mediaRestored({ ...base, subscribeState: 'connecting' }), false);
  assert.equal(mediaRestored({ ...base, subscribeState: null }), false);
  assert.equal(mediaRestored({ ...base, answeredOffers: 0 }), false);
  assert.equal(mediaRestored({ ...base, publishState: 'connecting' }), true, 'with others, receiving is what counts');
  assert.equal(mediaRestored({ ...base, remoteParticipants: 0, subscribeState: null, publishState: 'connected' }), true);
  assert.equal(mediaRestored({ ...base, remoteParticipants: 0, publishState: 'connecting' }), false);
});
