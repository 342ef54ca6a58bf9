/*
 * One participant's session with a ScaleMeet room: the roster, the room's state and the media,
 * composed of the signaling channel (channel.ts), a publisher (publisher.ts) and a subscriber
 * (subscriber.ts), the two peer connections of docs/protocol.md. No DOM and no UI; the page talks
 * to it through methods and events, and tests may open several sessions in one page (all state
 * lives in the instance).
 *
 * What this receiver wants to see goes to the focus with setReceiverConstraints();
 * senderConstraints from the focus switch the camera's simulcast encodings off and on.
 *
 * Joining may need the room's password or the meeting link's token (options); the focus may
 * replace the display name with the token's. A moderator locks and unlocks the room with
 * setRoomPassword(); everyone hears `lockChanged`.
 *
 * `moved` (the media moved to another bridge): the publisher and the subscriber are closed and
 * replaced — a new publish connection on the same tracks, the last receiverConstraints sent
 * again, a new subscribe connection for the new bridge's first offer (its versions start again
 * at 1). The room, the roster, mute states and roles stay. `reconnecting` is true from `moved`
 * until media flows again (media-restored.ts); `moves` counts the moves handled. The old
 * connections are silenced when closed, so nothing they do later reaches the new state.
 *
 * A signaling socket that drops (the network, not a close) is resumed when the focus offers it
 * (`joined` with a resume token): the page opens a new socket and sends `resume` with backoff
 * (0.25 s doubling to 4 s) within the focus's grace period; the peer connections, the room and
 * the participant id stay, `reconnecting` is true meanwhile, `resumes` counts the successes, and
 * nobody else sees anything. A refused resume, or the grace period running out, ends the session
 * in state 'failed'; so does a lost socket when the focus does not resume.
 *
 * The caller owns the MediaStream: mute toggles `track.enabled`, leave() does not stop tracks.
 */

import { SignalingChannel } from './channel.js';
import { Emitter } from './emitter.js';
import { mediaRestored } from './media-restored.js';
import type { ClientMessage, JoinedMessage, MovedMessage, Participant, ServerMessage, TrackInfo } from './protocol.js';
import { Publisher } from './publisher.js';
import { SessionError, toSessionError } from './session-error.js';
import type { InboundStat, OutboundStat } from './stats.js';
import type { PeerConnectionRole, ReceiverConstraints, SessionEvents, SessionOptions, SessionState } from './session-types.js';
import { Subscriber } from './subscriber.js';

export type { InboundStat, OutboundStat } from './stats.js';
export { SessionError } from './session-error.js';
export type { PeerConnectionRole, ReceiverConstraints, SessionEvents, SessionOptions, SessionState } from './session-types.js';

const DEFAULT_PING_INTERVAL_MS = 15_000;
/** Resuming a dropped socket: the first try after this, doubling up to the maximum. */
const RESUME_FIRST_DELAY_MS = 250;
const RESUME_MAX_DELAY_MS = 4_000;
/** The last try starts at least this long before the focus's grace period ends. */
const RESUME_MARGIN_MS = 1_000;

/**
 * Unsolicited errors that, for a message sent before the latest `moved`, are about the previous
 * bridge's media (an answer to an offer the focus forgot, a request to the lost bridge).
 */
const STALE_AFTER_MOVE: ReadonlySet<string> = new Set(['out_of_order', 'bridge_unavailable']);

export class Session extends Emitter<SessionEvents> {
  private readonly options: SessionOptions;
  private channel: SignalingChannel | null = null;
  private configuration: RTCConfiguration | null = null;
  private publisher: Publisher | null = null;
  /** Null after `moved` until the new bridge's first subscribe offer. */
  private subscriber: Subscriber | null = null;

  private currentState: SessionState = 'new';
  private localId: string | null = null;
  private audioMuted = false;
  private videoMuted = false;
  private readonly remote = new Map<string, Participant>();
  private dominantSpeakerId: string | null = null;
  /** What `joined` said: the name the others see, the moderator role, the room's lock. */
  private joinedName: string | null = null;
  private isModerator = false;
  private roomLocked = false;
  /** The latest senderConstraints height of the current bridge, null until the first. */
  private requestedMaxHeight: number | null = null;

  /** The last receiverConstraints sent, and one set before the join succeeded (sent then). */
  private constraintsSent: ReceiverConstraints | null = null;
  private constraintsPending: ReceiverConstraints | null = null;

  private moveCount = 0;
  private resumeCount = 0;
  /** From `moved` until media flows again. */
  private isReconnecting = false;
  /** From a dropped signaling socket until it is resumed. */
  private signalingLost = false;
  private resumeGraceMs = 0;
  /** Messages with a lower requestId were sent before the latest `moved`. */
  private firstRequestAfterMove = 0;
  private republishing: Promise<void> | null = null;

  constructor(options: SessionOptions) {
    super();
    this.options = { ...options };
  }

  get state(): SessionState {
    return this.currentState;
  }

  /** This participant's id, known once the focus has answered `join`. */
  get participantId(): string | null {
    return this.localId;
  }

  get room(): string {
    return this.options.room;
  }

  /** The name the others see: the focus's (a token's name wins) once joined, else the one asked for. */
  get displayName(): string {
    return this.joinedName ?? this.options.displayName;
  }

  /** This participant may lock and unlock the room. */
  get moderator(): boolean {
    return this.isModerator;
  }

  /** The room has a password. */
  get locked(): boolean {
    return this.roomLocked;
  }

  get stream(): MediaStream {
    return this.options.stream;
  }

  /** How many `moved` messages this session has handled. */
  get moves(): number {
    return this.moveCount;
  }

  /** How many dropped signaling connections this session has resumed. */
  get resumes(): number {
    return this.resumeCount;
  }

  /** True from a `moved` until media flows again over the new bridge, and while a dropped signaling connection is resumed. */
  get reconnecting(): boolean {
    return this.isReconnecting || this.signalingLost;
  }

  /** This participant as the others see it (null before `joined`). */
  localParticipant(): Participant | null {
    if (this.localId === null) return null;
    return {
      participantId: this.localId,
      displayName: this.displayName,
      audioMuted: this.audioMuted,
      videoMuted: this.videoMuted,
    };
  }

  /** Everyone else in the room, in order of arrival. */
  remoteParticipants(): Participant[] {
    return [...this.remote.values()].map((p) => ({ ...p }));
  }

  /** The remote tracks of the latest subscribe offer. */
  remoteTracks(): TrackInfo[] {
    return this.subscriber?.tracks() ?? [];
  }

  /** The subscribe connection's current descriptions: the bridge's latest offer applied and this browser's answer to it. */
  subscribeDescriptions(): { offer: string | null; answer: string | null } {
    return this.subscriber?.descriptions() ?? { offer: null, answer: null };
  }

  /** The participant the focus last named as speaking (possibly this one), or null. */
  get dominantSpeaker(): string | null {
    return this.dominantSpeakerId;
  }

  /** The latest senderConstraints height from the focus, null until the first arrives (again after `moved`). */
  get senderMaxHeight(): number | null {
    return this.requestedMaxHeight;
  }

  /** The last receiverConstraints sent to the focus, or null. */
  get lastReceiverConstraints(): ReceiverConstraints | null {
    return this.constraintsSent === null ? null : copyConstraints(this.constraintsSent);
  }

  /**
   * Tells the focus what video this receiver wants. Before the join has succeeded the latest
   * call is kept and sent right after it; after the session ended it is ignored. The caller
   * decides when the content changed: every call sends.
   */
  setReceiverConstraints(constraints: ReceiverConstraints): void {
    if (this.hasEnded()) return;
    const copy = copyConstraints(constraints);
    if (this.localId === null || this.channel?.isOpen !== true) {
      this.constraintsPending = copy;
      return;
    }
    this.sendReceiverConstraints(copy);
  }

  connectionState(role: PeerConnectionRole): RTCPeerConnectionState | null {
    return (role === 'publish' ? this.publisher : this.subscriber)?.connectionState ?? null;
  }

  /**
   * Opens the socket, enters the room and publishes the local tracks. Resolves once the bridge
   * has answered the publish offer; rejects with a SessionError (the session is then 'failed').
   */
  async join(): Promise<void> {
    if (this.currentState !== 'new') {
      throw new SessionError('invalid_state', `join() called in state '${this.currentState}'`);
    }
    this.setState('connecting');
    const channel = this.openChannel();
    try {
      await channel.open();
      // The reply's handler has already set up the room and both peer connections.
      await channel.request(
        {
          type: 'join',
          room: this.options.room,
          displayName: this.options.displayName,
          ...(this.options.password === undefined ? {} : { password: this.options.password }),
          ...(this.options.token === undefined ? {} : { token: this.options.token }),
        },
        'joined',
      );
      channel.startPing(this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
      if (this.audioMuted || this.videoMuted) this.sendMuted();
      if (this.constraintsPending !== null) this.sendReceiverConstraints(this.constraintsPending);
      await this.publishCurrent();
      this.setState('joined');
    } catch (err) {
      const error = toSessionError(err, 'webrtc');
      if (!this.hasEnded()) this.shutDown('failed');
      throw error;
    }
  }

  /**
   * Locks the room with `password`, or unlocks it with null or ''. Resolves once the focus has
   * told the room; rejects with a SessionError (`not_moderator` for a participant who is not).
   */
  async setRoomPassword(password: string | null): Promise<void> {
    const channel = this.channel;
    if (this.localId === null || this.hasEnded() || channel === null) throw new SessionError('invalid_state', 'not in a meeting');
    const message: ClientMessage = password === null || password === '' ? { type: 'setRoomPassword' } : { type: 'setRoomPassword', password };
    await channel.request(message, 'roomLocked');
  }

  /** Mutes or unmutes the local tracks (no renegotiation) and tells the room. */
  setMuted(audioMuted: boolean, videoMuted: boolean): void {
    this.audioMuted = audioMuted;
    this.videoMuted = videoMuted;
    for (const track of this.options.stream.getAudioTracks()) track.enabled = !audioMuted;
    for (const track of this.options.stream.getVideoTracks()) track.enabled = !videoMuted;
    if (this.localId !== null) this.sendMuted();
  }

  get muted(): { audioMuted: boolean; videoMuted: boolean } {
    return { audioMuted: this.audioMuted, videoMuted: this.videoMuted };
  }

  /** Leaves the room and closes everything. Idempotent; the caller's stream keeps running. */
  leave(): void {
    if (this.hasEnded()) return;
    if (this.channel?.isOpen === true) this.channel.send({ type: 'leave' });
    this.shutDown('closed');
  }

  /** Statistics of the received remote tracks (the current subscribe connection; [] right after `moved`). */
  async inboundStats(): Promise<InboundStat[]> {
    for (;;) {
      const subscriber = this.subscriber;
      if (subscriber === null) return [];
      const stats = await subscriber.inboundStats();
      // Moved meanwhile: the old connection's figures are not reported, the new one's are read.
      if (subscriber === this.subscriber) return stats ?? [];
    }
  }

  /** Statistics of the sent local tracks (the current publish connection). */
  async outboundStats(): Promise<OutboundStat[]> {
    for (;;) {
      const publisher = this.publisher;
      if (publisher === null) return [];
      const stats = await publisher.outboundStats();
      if (publisher === this.publisher) return stats ?? [];
    }
  }

  // Signaling

  private openChannel(): SignalingChannel {
    const channel = new SignalingChannel(this.options.url, {
      message: (message) => this.onMessage(message),
      error: (error, requestId) => this.onUnsolicitedError(error, requestId),
      closed: (error) => {
        if (this.hasEnded()) return;
        this.emit('error', error);
        this.shutDown('failed');
      },
      dropped: (error) => {
        if (!this.hasEnded()) void this.resumeSignaling(error);
      },
      joining: () => this.currentState === 'connecting',
    });
    this.channel = channel;
    return channel;
  }

  private send(message: ClientMessage): void {
    this.channel?.send(message);
  }

  /** Room state; replies are settled by the channel right after. */
  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        this.onJoined(message);
        break;
      case 'participantJoined':
        this.remote.set(message.participant.participantId, { ...message.participant });
        this.emit('participantJoined', { ...message.participant });
        this.updateReconnecting();
        break;
      case 'participantLeft':
        if (this.remote.delete(message.participantId)) this.emit('participantLeft', message.participantId);
        if (this.dominantSpeakerId === message.participantId) this.setDominantSpeaker(null);
        this.updateReconnecting();
        break;
      case 'dominantSpeaker':
        this.setDominantSpeaker(message.participantId);
        break;
      case 'roomLocked':
        this.roomLocked = message.locked;
        this.emit('lockChanged', message.locked, message.participantId);
        break;
      case 'roleChanged':
        if (message.participantId === this.localId) this.isModerator = message.moderator;
        if (message.moderator) this.emit('moderatorChanged', message.participantId);
        break;
      case 'senderConstraints':
        this.requestedMaxHeight = message.maxHeight;
        this.emit('senderConstraints', message.maxHeight);
        this.publisher?.setMaxHeight(message.maxHeight);
        break;
      case 'participantMuted': {
        const participant = this.remote.get(message.participantId);
        if (participant === undefined) break;
        participant.audioMuted = message.audioMuted;
        participant.videoMuted = message.videoMuted;
        this.emit('participantMuted', { ...participant });
        break;
      }
      case 'subscribeOffer': {
        if (this.configuration === null || this.hasEnded()) break;
        this.subscriber ??= this.createSubscriber(this.configuration);
        this.subscriber.offer(message);
        break;
      }
      case 'moved':
        this.onMoved(message);
        break;
      case 'publishAnswer':
      case 'pong':
      case 'resumed':
      case 'error':
        break;
    }
  }

  private onUnsolicitedError(error: SessionError, requestId: number | undefined): void {
    if (requestId !== undefined && requestId < this.firstRequestAfterMove && STALE_AFTER_MOVE.has(error.code)) {
      console.debug(`ignored after moved (about the previous bridge): ${error.code}: ${error.message}`);
      return;
    }
    this.emit('error', error);
  }

  private sendReceiverConstraints(constraints: ReceiverConstraints): void {
    this.constraintsPending = null;
    this.constraintsSent = constraints;
    this.send({ type: 'receiverConstraints', ...copyConstraints(constraints) });
  }

  private setDominantSpeaker(participantId: string | null): void {
    if (this.dominantSpeakerId === participantId) return;
    this.dominantSpeakerId = participantId;
    this.emit('dominantSpeakerChanged', participantId);
  }

  private sendMuted(): void {
    this.send({ type: 'setMuted', audioMuted: this.audioMuted, videoMuted: this.videoMuted });
  }

  // Room and media

  private onJoined(message: JoinedMessage): void {
    this.localId = message.participantId;
    if (message.resumeToken !== undefined && (message.resumeGraceMs ?? 0) > 0) {
      this.resumeGraceMs = message.resumeGraceMs ?? 0;
      this.channel?.enableResume(message.participantId, message.resumeToken);
    }
    this.joinedName = message.displayName ?? null;
    this.isModerator = message.moderator === true;
    this.roomLocked = message.locked === true;
    this.configuration = {
      iceServers: message.iceServers.map((s) => ({ ...s, urls: [...s.urls] })),
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    };
    this.publisher = this.createPublisher(this.configuration);
    this.subscriber = this.createSubscriber(this.configuration);
    for (const participant of message.participants) {
      this.remote.set(participant.participantId, { ...participant });
      this.emit('participantJoined', { ...participant });
    }
  }

  /**
   * The media moved to another bridge: both connections are closed (the tracks stay, with their
   * mute state) and rebuilt as after `joined`; the new bridge hears the last receiverConstraints.
   */
  private onMoved(message: MovedMessage): void {
    const configuration = this.configuration;
    if (configuration === null || this.hasEnded()) return;
    this.moveCount++;
    this.firstRequestAfterMove = this.channel?.nextRequestId ?? 0;
    this.publisher?.close();
    this.subscriber?.close(); // reports its tracks removed
    this.subscriber = null;
    this.requestedMaxHeight = null; // the new bridge starts from the defaults: every encoding on
    this.publisher = this.createPublisher(configuration);
    this.setReconnecting(true);
    this.emit('moved', message.reason);
    if (this.constraintsSent !== null) this.sendReceiverConstraints(this.constraintsSent);
    // While joining, join() publishes on whichever publisher is current; once joined, this does.
    if (this.currentState === 'joined') this.republishing ??= this.republish();
  }

  private createPublisher(configuration: RTCConfiguration): Publisher {
    return new Publisher(
      configuration,
      { stream: this.options.stream, simulcast: this.options.simulcast !== false },
      {
        exchange: (offer) => {
          if (this.channel === null) return Promise.reject(new SessionError('invalid_state', 'no signaling channel'));
          return this.channel.request(offer, 'publishAnswer');
        },
        connectionStateChanged: (state) => {
          this.emit('connectionStateChanged', 'publish', state);
          this.updateReconnecting();
        },
        error: (error) => this.emit('error', error),
      },
    );
  }

  private createSubscriber(configuration: RTCConfiguration): Subscriber {
    return new Subscriber(configuration, {
      answer: (answer) => {
        this.send(answer);
        this.updateReconnecting();
      },
      trackAdded: (participantId, kind, track) => {
        this.emit('trackAdded', participantId, kind, track);
        this.updateReconnecting();
      },
      trackRemoved: (participantId, kind, track) => this.emit('trackRemoved', participantId, kind, track),
      connectionStateChanged: (state) => {
        this.emit('connectionStateChanged', 'subscribe', state);
        this.updateReconnecting();
      },
      error: (error) => this.emit('error', error),
    });
  }

  /** Publishes on the current publisher; if `moved` replaced it meanwhile, on the new one. */
  private async publishCurrent(): Promise<void> {
    for (;;) {
      const publisher = this.publisher;
      if (publisher === null) throw new SessionError('invalid_state', 'no publish connection');
      try {
        await publisher.publish();
      } catch (err) {
        if (publisher !== this.publisher && !this.hasEnded()) continue;
        throw err;
      }
      if (publisher === this.publisher || this.hasEnded()) return;
    }
  }

  /** Publishes after `moved`; one at a time (its loop follows a later move), so a failure is reported once. */
  private async republish(): Promise<void> {
    try {
      await this.publishCurrent();
    } catch (err) {
      if (!this.hasEnded()) this.emit('error', toSessionError(err, 'webrtc', 'publishing after moved'));
    } finally {
      this.republishing = null;
    }
  }

  /**
   * The socket dropped: resume on a new one, trying with backoff until the focus's grace period
   * (less a margin for the last attempt) is over. Fails the session when it cannot.
   */
  private async resumeSignaling(lost: SessionError): Promise<void> {
    const channel = this.channel;
    if (channel === null) return;
    const wasReconnecting = this.reconnecting;
    this.signalingLost = true;
    if (!wasReconnecting) this.emit('reconnectingChanged', true);
    const deadline = Date.now() + Math.max(0, this.resumeGraceMs - RESUME_MARGIN_MS);
    let delay = RESUME_FIRST_DELAY_MS;
    let last: SessionError = lost;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.hasEnded() || channel !== this.channel) return;
      try {
        await channel.resume();
        break;
      } catch (err) {
        last = toSessionError(err, 'connection_lost');
        if (last.code === 'resume_failed' || Date.now() + delay > deadline) {
          if (this.hasEnded()) return;
          this.emit('error', new SessionError(last.code, `the signaling connection was lost and could not be resumed: ${last.message}`));
          this.shutDown('failed');
          return;
        }
      }
      delay = Math.min(delay * 2, RESUME_MAX_DELAY_MS);
    }
    this.resumeCount++;
    this.signalingLost = false;
    this.emit('resumed');
    if (!this.reconnecting) this.emit('reconnectingChanged', false);
  }

  private updateReconnecting(): void {
    const publisher = this.publisher;
    if (!this.isReconnecting || publisher === null) return;
    const subscriber = this.subscriber;
    const restored = mediaRestored({
      remoteParticipants: this.remote.size,
      publishState: publisher.connectionState,
      subscribeState: subscriber?.connectionState ?? null,
      offeredTracks: subscriber?.tracks().length ?? 0,
      deliveredTracks: subscriber?.deliveredTracks ?? 0,
      answeredOffers: subscriber?.answeredOffers ?? 0,
    });
    if (restored) this.setReconnecting(false);
  }

  private setReconnecting(reconnecting: boolean): void {
    if (this.isReconnecting === reconnecting) return;
    const before = this.reconnecting;
    this.isReconnecting = reconnecting;
    if (this.reconnecting !== before) this.emit('reconnectingChanged', this.reconnecting);
  }

  /** True once closed or failed; a method, so that the compiler does not narrow across awaits. */
  private hasEnded(): boolean {
    return this.currentState === 'closed' || this.currentState === 'failed';
  }

  private setState(state: SessionState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('stateChanged', state);
  }

  /** Releases the socket, the timer and both peer connections; ends in `state`. */
  private shutDown(state: 'closed' | 'failed'): void {
    this.channel?.close(1000, state === 'closed' ? 'leave' : 'failed');
    this.publisher?.close();
    this.subscriber?.close();
    this.signalingLost = false;
    this.setReconnecting(false);
    this.setState(state);
  }
}

function copyConstraints(c: ReceiverConstraints): ReceiverConstraints {
  const constraints: Record<string, { maxHeight: number }> = {};
  for (const [id, v] of Object.entries(c.constraints)) constraints[id] = { maxHeight: v.maxHeight };
  return { lastN: c.lastN, onStage: [...c.onStage], defaultMaxHeight: c.defaultMaxHeight, constraints };
}
