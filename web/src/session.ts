/*
 * One participant's session with a ScaleMeet room: the signaling WebSocket and the two peer
 * connections of docs/protocol.md. No DOM and no UI; the page talks to it through methods and
 * events, and tests may open several sessions in one page (all state lives in the instance).
 *
 * publish   — this browser offers its microphone and camera (`sendonly`); the bridge answers.
 * subscribe — the bridge offers one media section per remote track whenever tracks come or go;
 *             offers are applied one at a time, in arrival order, each answered with its version.
 *             A section whose track went is offered inactive, then recycled for the next track of
 *             its kind: the same transceiver (mid) gets a new msid and SSRC and a new `track`
 *             event; trackRemoved/trackAdded tell the page, and statistics follow the new SSRC.
 *
 * The camera goes out as simulcast (up to three encodings, see simulcast.ts) unless the
 * `simulcast` option is false; `senderConstraints` from the focus switch encodings off and on.
 * What this receiver wants to see goes to the focus with setReceiverConstraints().
 *
 * Joining may need the room's password or the meeting link's token (options); the focus may
 * replace the display name with the token's. A moderator locks and unlocks the room with
 * setRoomPassword(); everyone hears `lockChanged`.
 *
 * The caller owns the MediaStream: mute toggles `track.enabled`, leave() does not stop tracks.
 * Reconnecting is not supported; a lost connection ends the session in state 'failed'.
 */

import { Emitter } from './emitter.js';
import {
  decodeServerMessage,
  encodeMessage,
  type ClientMessage,
  type JoinedMessage,
  type MediaKind,
  type Participant,
  type PublishAnswerMessage,
  type ReceiverConstraintsMessage,
  type ServerMessage,
  type SubscribeOfferMessage,
  type TrackInfo,
} from './protocol.js';
import {
  activeLayers,
  encodedHeight,
  preferCodecs,
  PREFERRED_AUDIO_CODECS,
  PREFERRED_VIDEO_CODECS,
  sendEncodings,
} from './simulcast.js';
import { inboundStats, outboundStats, type InboundStat, type OutboundStat } from './stats.js';
import { offeredSsrcs } from './subscribe-sdp.js';

export type { InboundStat, OutboundStat } from './stats.js';

export interface SessionOptions {
  /** The signaling WebSocket, e.g. `wss://meet.example.org/signaling`. */
  url: string;
  room: string;
  displayName: string;
  /** The local microphone and camera; its first audio and first video track are published. */
  stream: MediaStream;
  /** The room's password, for a locked room. */
  password?: string;
  /** The meeting link's JWT (`?jwt=`); the focus requires it in its jwt mode. */
  token?: string;
  /** Keepalive period in milliseconds; 15 000 unless set. */
  pingIntervalMs?: number;
  /**
   * Send the camera as simulcast encodings `q`, `h`, `f` (fewer for a small capture); true unless
   * set. False sends one encoding.
   */
  simulcast?: boolean;
}

/** The content of a `receiverConstraints` message (docs/protocol.md). */
export type ReceiverConstraints = Omit<ReceiverConstraintsMessage, 'type' | 'requestId'>;

/**
 * new → connecting (join() called) → joined (media published) → closed (leave())
 * Any failure — join refused, socket lost — ends in failed.
 */
export type SessionState = 'new' | 'connecting' | 'joined' | 'closed' | 'failed';

/** Which of the two peer connections an event is about. */
export type PeerConnectionRole = 'publish' | 'subscribe';

/** A refused request (`code` from the focus, see ErrorCode) or a local failure. */
export class SessionError extends Error {
  /**
   * A focus error code, or one of the local ones: `connection_failed` (the socket did not open),
   * `connection_lost`, `protocol` (the focus sent something this client cannot read),
   * `webrtc` (the browser refused a description), `invalid_state`.
   */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SessionError';
    this.code = code;
  }
}

export interface SessionEvents {
  stateChanged: [state: SessionState];
  /** Also emitted during join() for everyone already in the room. */
  participantJoined: [participant: Participant];
  participantLeft: [participantId: string];
  participantMuted: [participant: Participant];
  trackAdded: [participantId: string, kind: MediaKind, track: MediaStreamTrack];
  trackRemoved: [participantId: string, kind: MediaKind, track: MediaStreamTrack];
  connectionStateChanged: [role: PeerConnectionRole, state: RTCPeerConnectionState];
  /** The focus named the participant speaking now (null once that participant has left). */
  dominantSpeakerChanged: [participantId: string | null];
  /** The focus asked this publisher to send no video taller than `maxHeight` (0: none). */
  senderConstraints: [maxHeight: number];
  /** A moderator (`participantId`, possibly this one) locked or unlocked the room. */
  lockChanged: [locked: boolean, participantId: string];
  /** `participantId` (possibly this one) became a moderator. */
  moderatorChanged: [participantId: string];
  /** Problems that no pending call reports: an unsolicited focus error, a failed renegotiation, a lost socket. */
  error: [error: SessionError];
}

type ServerType = ServerMessage['type'];
type Reply<T extends ServerType> = Extract<ServerMessage, { type: T }>;

interface PendingRequest {
  requestId: number;
  expect: ServerType;
  resolve: (message: ServerMessage) => void;
  reject: (error: SessionError) => void;
}

/** A remote track handed to the listeners, by subscribe mid. */
interface DeliveredTrack {
  participantId: string;
  kind: MediaKind;
  /** The offer's track id (`tracks[].trackId`); another one on the same mid is another track. */
  trackId: string | undefined;
  track: MediaStreamTrack;
}

const DEFAULT_PING_INTERVAL_MS = 15_000;

export class Session extends Emitter<SessionEvents> {
  private readonly options: SessionOptions;
  private socket: WebSocket | null = null;
  private publishPc: RTCPeerConnection | null = null;
  private subscribePc: RTCPeerConnection | null = null;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private nextRequestId = 1;
  private readonly pending: PendingRequest[] = [];
  /** Subscribe offers are applied strictly one after another. */
  private subscribeQueue: Promise<void> = Promise.resolve();

  private currentState: SessionState = 'new';
  private localId: string | null = null;
  private audioMuted = false;
  private videoMuted = false;
  private readonly remote = new Map<string, Participant>();
  /** The tracks of the latest subscribe offer, by mid. */
  private tracksByMid = new Map<string, TrackInfo>();
  /** The SSRC the latest subscribe offer gives each sending mid. */
  private ssrcByMid = new Map<string, number>();
  private readonly delivered = new Map<string, DeliveredTrack>();
  private dominantSpeakerId: string | null = null;
  /** What `joined` said: the name the others see, the moderator role, the room's lock. */
  private joinedName: string | null = null;
  private isModerator = false;
  private roomLocked = false;

  /** The camera's sender on the publish connection, once added. */
  private videoSender: RTCRtpSender | null = null;
  /** Set once the bridge has answered the publish offer; encodings change only after that. */
  private published = false;
  /** The latest senderConstraints height, null until the first. */
  private requestedMaxHeight: number | null = null;
  /** setParameters calls run one after another. */
  private encodingQueue: Promise<void> = Promise.resolve();

  /** The last receiverConstraints sent, and one set before the join succeeded (sent then). */
  private constraintsSent: ReceiverConstraints | null = null;
  private constraintsPending: ReceiverConstraints | null = null;

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
    return [...this.tracksByMid.values()].map((t) => ({ ...t }));
  }

  /** The subscribe connection's current descriptions: the bridge's latest offer applied and this browser's answer to it. */
  subscribeDescriptions(): { offer: string | null; answer: string | null } {
    return { offer: this.subscribePc?.remoteDescription?.sdp ?? null, answer: this.subscribePc?.localDescription?.sdp ?? null };
  }

  /** The participant the focus last named as speaking (possibly this one), or null. */
  get dominantSpeaker(): string | null {
    return this.dominantSpeakerId;
  }

  /** The latest senderConstraints height from the focus, null until the first arrives. */
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
    if (this.localId === null || this.socket?.readyState !== WebSocket.OPEN) {
      this.constraintsPending = copy;
      return;
    }
    this.sendReceiverConstraints(copy);
  }

  connectionState(role: PeerConnectionRole): RTCPeerConnectionState | null {
    return (role === 'publish' ? this.publishPc : this.subscribePc)?.connectionState ?? null;
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
    try {
      await this.openSocket();
      // The reply's handler has already set up the room and both peer connections.
      await this.request(
        {
          type: 'join',
          room: this.options.room,
          displayName: this.options.displayName,
          ...(this.options.password === undefined ? {} : { password: this.options.password }),
          ...(this.options.token === undefined ? {} : { token: this.options.token }),
        },
        'joined',
      );
      this.startPing();
      if (this.audioMuted || this.videoMuted) this.sendMuted();
      if (this.constraintsPending !== null) this.sendReceiverConstraints(this.constraintsPending);
      await this.publish();
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
    if (this.localId === null || this.hasEnded()) throw new SessionError('invalid_state', 'not in a meeting');
    const message: ClientMessage = password === null || password === '' ? { type: 'setRoomPassword' } : { type: 'setRoomPassword', password };
    await this.request(message, 'roomLocked');
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
    if (this.socket?.readyState === WebSocket.OPEN) this.send({ type: 'leave' });
    this.shutDown('closed');
  }

  /** Statistics of the received remote tracks (subscribe connection). */
  async inboundStats(): Promise<InboundStat[]> {
    const pc = this.subscribePc;
    if (pc === null) return [];
    const report = await pc.getStats();
    const midOfTrack = (trackId: string): string | undefined =>
      pc.getTransceivers().find((t) => t.receiver.track.id === trackId)?.mid ?? undefined;
    return inboundStats(report, this.tracksByMid, midOfTrack, this.ssrcByMid);
  }

  /** Statistics of the sent local tracks (publish connection). */
  async outboundStats(): Promise<OutboundStat[]> {
    const pc = this.publishPc;
    if (pc === null) return [];
    return outboundStats(await pc.getStats());
  }

  // Signaling

  private openSocket(): Promise<void> {
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(this.options.url);
      } catch (err) {
        reject(new SessionError('connection_failed', `cannot open ${this.options.url}: ${describe(err)}`));
        return;
      }
      this.socket = socket;
      const onOpen = (): void => {
        socket.removeEventListener('close', onEarlyClose);
        socket.addEventListener('close', (e) => this.onSocketClosed(e));
        resolve();
      };
      const onEarlyClose = (e: CloseEvent): void => {
        reject(new SessionError('connection_failed', `the signaling server at ${this.options.url} refused the connection${closeDetail(e)}`));
      };
      socket.addEventListener('open', onOpen, { once: true });
      socket.addEventListener('close', onEarlyClose, { once: true });
      socket.addEventListener('message', (e) => this.onSocketMessage(e));
    });
  }

  /**
   * Sends a message with a fresh requestId, so that an error it causes can be told apart from
   * the errors of other messages. Returns the id.
   */
  private send(message: ClientMessage): number {
    const requestId = this.nextRequestId++;
    this.socket?.send(encodeMessage({ ...message, requestId }));
    return requestId;
  }

  /** Sends a request and waits for its reply of type `expect` (or an error). */
  private request<T extends ServerType>(message: ClientMessage, expect: T): Promise<Reply<T>> {
    return new Promise<Reply<T>>((resolve, reject) => {
      const requestId = this.nextRequestId; // registered first: a reply cannot overtake it
      this.pending.push({ requestId, expect, resolve: resolve as (m: ServerMessage) => void, reject });
      this.send(message);
    });
  }

  /**
   * Removes and returns the request a message answers: the one with its requestId; failing that
   * (a focus that does not echo ids) the oldest expecting its type, or for an error without an
   * id, the oldest request of a join in progress.
   */
  private takePending(message: ServerMessage): PendingRequest | undefined {
    let index = this.pending.findIndex((p) => p.requestId === message.requestId);
    if (index < 0 && message.type !== 'error') {
      index = this.pending.findIndex((p) => p.expect === message.type);
    } else if (index < 0 && message.requestId === undefined && this.currentState === 'connecting') {
      index = 0;
    }
    return index < 0 ? undefined : this.pending.splice(index, 1)[0];
  }

  private onSocketMessage(event: MessageEvent): void {
    if (typeof event.data !== 'string') {
      this.emit('error', new SessionError('protocol', 'the focus sent a binary frame'));
      return;
    }
    const decoded = decodeServerMessage(event.data);
    if (!decoded.ok) {
      this.emit('error', new SessionError('protocol', `unreadable message from the focus: ${decoded.error}`));
      return;
    }
    const message = decoded.message;

    // Room state first, so that whoever awaits a reply sees it applied.
    switch (message.type) {
      case 'joined':
        this.onJoined(message);
        break;
      case 'participantJoined':
        this.remote.set(message.participant.participantId, { ...message.participant });
        this.emit('participantJoined', { ...message.participant });
        break;
      case 'participantLeft':
        if (this.remote.delete(message.participantId)) this.emit('participantLeft', message.participantId);
        if (this.dominantSpeakerId === message.participantId) this.setDominantSpeaker(null);
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
        this.queueEncodingUpdate();
        break;
      case 'participantMuted': {
        const participant = this.remote.get(message.participantId);
        if (participant === undefined) break;
        participant.audioMuted = message.audioMuted;
        participant.videoMuted = message.videoMuted;
        this.emit('participantMuted', { ...participant });
        break;
      }
      case 'subscribeOffer':
        this.subscribeQueue = this.subscribeQueue.then(() => this.applySubscribeOffer(message));
        break;
      case 'publishAnswer':
      case 'pong':
      case 'error':
        break;
    }

    const request = this.takePending(message);
    if (message.type === 'error') {
      const error = new SessionError(message.code, message.message);
      if (request !== undefined) request.reject(error);
      else this.emit('error', error);
    } else {
      request?.resolve(message);
    }
  }

  private onSocketClosed(event: CloseEvent): void {
    if (this.hasEnded()) return;
    const error = new SessionError('connection_lost', `the signaling connection closed${closeDetail(event)}`);
    for (const request of this.pending.splice(0)) request.reject(error);
    this.emit('error', error);
    this.shutDown('failed');
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

  private startPing(): void {
    const period = this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    this.pingTimer = setInterval(() => {
      if (this.socket?.readyState === WebSocket.OPEN) this.send({ type: 'ping' });
    }, period);
  }

  // Room and media

  private onJoined(message: JoinedMessage): void {
    this.localId = message.participantId;
    this.joinedName = message.displayName ?? null;
    this.isModerator = message.moderator === true;
    this.roomLocked = message.locked === true;
    const configuration: RTCConfiguration = {
      iceServers: message.iceServers.map((s) => ({ ...s, urls: [...s.urls] })),
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    };
    this.publishPc = this.createPeerConnection('publish', configuration);
    this.subscribePc = this.createPeerConnection('subscribe', configuration);
    this.subscribePc.addEventListener('track', (e) => this.onRemoteTrack(e));
    for (const participant of message.participants) {
      this.remote.set(participant.participantId, { ...participant });
      this.emit('participantJoined', { ...participant });
    }
  }

  private createPeerConnection(role: PeerConnectionRole, configuration: RTCConfiguration): RTCPeerConnection {
    const pc = new RTCPeerConnection(configuration);
    pc.addEventListener('connectionstatechange', () => this.emit('connectionStateChanged', role, pc.connectionState));
    return pc;
  }

  private async publish(): Promise<void> {
    const pc = this.publishPc;
    if (pc === null) throw new SessionError('invalid_state', 'no publish connection');
    const stream = this.options.stream;
    const audio = stream.getAudioTracks()[0];
    const video = stream.getVideoTracks()[0];
    if (audio !== undefined) {
      const transceiver = pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
      preferCodecsOn(transceiver, 'audio', PREFERRED_AUDIO_CODECS);
    }
    if (video !== undefined) {
      const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [stream] };
      if (this.options.simulcast !== false) init.sendEncodings = sendEncodings(captureHeight(video));
      const transceiver = pc.addTransceiver(video, init);
      preferCodecsOn(transceiver, 'video', PREFERRED_VIDEO_CODECS);
      this.videoSender = transceiver.sender;
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const sdp = pc.localDescription?.sdp ?? offer.sdp ?? '';
    const answer: PublishAnswerMessage = await this.request({ type: 'publishOffer', sdp }, 'publishAnswer');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    this.published = true;
    if (this.requestedMaxHeight !== null) this.queueEncodingUpdate();
  }

  private queueEncodingUpdate(): void {
    this.encodingQueue = this.encodingQueue.then(() => this.updateEncodings());
  }

  /**
   * Switches the camera's encodings on and off for the latest senderConstraints: those taller
   * than the height go off, except the lowest while the height is above 0. Reads the latest
   * height when it runs, so a burst of constraints costs one setParameters.
   */
  private async updateEncodings(): Promise<void> {
    const sender = this.videoSender;
    const maxHeight = this.requestedMaxHeight;
    if (sender === null || maxHeight === null || !this.published || this.hasEnded()) return;
    const track = sender.track;
    const height = track === null ? 0 : captureHeight(track);
    const parameters = sender.getParameters();
    const wanted = activeLayers(
      parameters.encodings.map((e) => encodedHeight(height, e.scaleResolutionDownBy)),
      maxHeight,
    );
    if (parameters.encodings.every((e, i) => (e.active ?? true) === wanted[i])) return;
    parameters.encodings.forEach((e, i) => {
      e.active = wanted[i] ?? true;
    });
    try {
      await sender.setParameters(parameters);
    } catch (err) {
      if (this.hasEnded()) return;
      this.emit('error', toSessionError(err, 'webrtc', `sender constraints ${maxHeight}`));
    }
  }

  private async applySubscribeOffer(offer: SubscribeOfferMessage): Promise<void> {
    const pc = this.subscribePc;
    if (pc === null || isClosed(pc)) return;
    try {
      const previous = this.tracksByMid;
      this.tracksByMid = new Map(offer.tracks.map((t) => [t.mid, { ...t }]));
      this.ssrcByMid = offeredSsrcs(offer.sdp);
      // A mid that now carries another track: the old one goes first, so the new one is delivered.
      for (const [mid, delivered] of [...this.delivered]) {
        const next = this.tracksByMid.get(mid);
        if (next !== undefined && next.trackId !== delivered.trackId) this.removeDelivered(mid);
      }
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      this.deliverUnannounced(pc);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      this.send({ type: 'subscribeAnswer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '', version: offer.version });
      for (const mid of previous.keys()) {
        if (!this.tracksByMid.has(mid)) this.removeDelivered(mid);
      }
    } catch (err) {
      if (isClosed(pc)) return; // left meanwhile
      this.emit('error', toSessionError(err, 'webrtc', `subscribe offer ${offer.version}`));
    }
  }

  /** Fires during setRemoteDescription, after tracksByMid holds the offer's tracks. */
  private onRemoteTrack(event: RTCTrackEvent): void {
    const mid = event.transceiver.mid;
    if (mid === null || this.delivered.has(mid)) return;
    const info = this.tracksByMid.get(mid);
    // The offer's a=msid names the participant too; use it if the tracks list left this mid out.
    const participantId = info?.participantId ?? event.streams[0]?.id;
    const kind = info?.kind ?? event.track.kind;
    if (participantId === undefined || (kind !== 'audio' && kind !== 'video')) return;
    this.delivered.set(mid, { participantId, kind, trackId: info?.trackId, track: event.track });
    this.emit('trackAdded', participantId, kind, event.track);
  }

  /**
   * Delivers the offer's tracks no `track` event announced: a browser that keeps a recycled
   * transceiver's stream association fires none, though its receiver now plays the new track.
   */
  private deliverUnannounced(pc: RTCPeerConnection): void {
    for (const transceiver of pc.getTransceivers()) {
      const mid = transceiver.mid;
      const info = mid === null ? undefined : this.tracksByMid.get(mid);
      if (mid === null || info === undefined || this.delivered.has(mid)) continue;
      this.delivered.set(mid, { participantId: info.participantId, kind: info.kind, trackId: info.trackId, track: transceiver.receiver.track });
      this.emit('trackAdded', info.participantId, info.kind, transceiver.receiver.track);
    }
  }

  private removeDelivered(mid: string): void {
    const delivered = this.delivered.get(mid);
    if (delivered === undefined) return;
    this.delivered.delete(mid);
    this.emit('trackRemoved', delivered.participantId, delivered.kind, delivered.track);
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
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const error = new SessionError('invalid_state', 'the session has ended');
    for (const request of this.pending.splice(0)) request.reject(error);
    const socket = this.socket;
    this.socket = null;
    if (socket !== null && socket.readyState !== WebSocket.CLOSED) socket.close(1000, state === 'closed' ? 'leave' : 'failed');
    this.publishPc?.close();
    this.subscribePc?.close();
    for (const mid of [...this.delivered.keys()]) this.removeDelivered(mid);
    this.setState(state);
  }
}

/** The height the camera captures at (720 when the browser does not say). */
function captureHeight(track: MediaStreamTrack): number {
  return track.getSettings().height ?? 720;
}

/**
 * Puts the preferred codecs first in the transceiver's offer, when the browser lets us: the
 * list comes from RTCRtpReceiver.getCapabilities, or for a browser that checks a send-only
 * transceiver against what it can send, from RTCRtpSender.getCapabilities. A refusal leaves the
 * browser's order.
 */
function preferCodecsOn(transceiver: RTCRtpTransceiver, kind: MediaKind, preferred: readonly string[]): void {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  const sources = [RTCRtpReceiver, RTCRtpSender].filter((c) => typeof c.getCapabilities === 'function');
  for (const source of sources) {
    const codecs = source.getCapabilities(kind)?.codecs ?? [];
    if (codecs.length === 0) continue;
    try {
      transceiver.setCodecPreferences(preferCodecs(codecs, preferred));
      return;
    } catch {
      // Try the next list; failing all, the browser's own order stays.
    }
  }
}

function copyConstraints(c: ReceiverConstraints): ReceiverConstraints {
  const constraints: Record<string, { maxHeight: number }> = {};
  for (const [id, v] of Object.entries(c.constraints)) constraints[id] = { maxHeight: v.maxHeight };
  return { lastN: c.lastN, onStage: [...c.onStage], defaultMaxHeight: c.defaultMaxHeight, constraints };
}

function isClosed(pc: RTCPeerConnection): boolean {
  return pc.signalingState === 'closed';
}

function toSessionError(err: unknown, code: string, context?: string): SessionError {
  if (err instanceof SessionError) return err;
  const message = describe(err);
  return new SessionError(code, context === undefined ? message : `${context}: ${message}`);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function closeDetail(event: CloseEvent): string {
  if (event.code === 1000 && event.reason === '') return '';
  return ` (code ${event.code}${event.reason === '' ? '' : `: ${event.reason}`})`;
}
