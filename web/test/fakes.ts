/*
 * Just enough of WebSocket, RTCPeerConnection and MediaStream for the session modules to run
 * under node: every instance is recorded, the test drives the socket (open, receive) and the
 * peer connections (connection state, stats). A remote offer creates one transceiver per
 * `a=mid` and fires `track` for each section with `a=msid:<stream> <track>`.
 */

type Listener = (event: unknown) => void;

class FakeTarget {
  private readonly listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  addEventListener(type: string, fn: Listener, options?: { once?: boolean }): void {
    const list = this.listeners.get(type) ?? [];
    list.push({ fn, once: options?.once === true });
    this.listeners.set(type, list);
  }

  removeEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l.fn !== fn));
  }

  dispatch(type: string, event: unknown): void {
    const list = this.listeners.get(type) ?? [];
    this.listeners.set(type, list.filter((l) => !l.once));
    for (const l of list) l.fn(event);
  }
}

export class FakeWebSocket extends FakeTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  readonly url: string;
  readyState = FakeWebSocket.CONNECTING;
  readonly sent: string[] = [];

  constructor(url: string) {
    super();
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  send(text: string): void {
    this.sent.push(text);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.readyState = FakeWebSocket.CLOSED;
    this.dispatch('close', { code, reason });
  }

  // Test side

  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.dispatch('open', {});
  }

  receive(message: Record<string, unknown>): void {
    this.dispatch('message', { data: JSON.stringify(message) });
  }

  /** The messages the client sent, parsed. */
  messages(): Record<string, unknown>[] {
    return this.sent.map((t) => JSON.parse(t) as Record<string, unknown>);
  }

  /** The last message of `type` the client sent. */
  last(type: string): Record<string, unknown> | undefined {
    return this.messages()
      .filter((m) => m['type'] === type)
      .at(-1);
  }
}

export interface FakeTrack {
  kind: string;
  id: string;
  enabled: boolean;
  getSettings(): { height?: number };
}

export function fakeTrack(kind: string, id: string): FakeTrack {
  return { kind, id, enabled: true, getSettings: () => ({ height: 720 }) };
}

export function fakeStream(): MediaStream {
  const audio = fakeTrack('audio', 'mic');
  const video = fakeTrack('video', 'cam');
  return { id: 'local', getAudioTracks: () => [audio], getVideoTracks: () => [video] } as unknown as MediaStream;
}

interface FakeTransceiver {
  mid: string | null;
  direction: string;
  sender: { track: FakeTrack | null; getParameters(): { encodings: RTCRtpEncodingParameters[] }; setParameters(p: unknown): Promise<void> };
  receiver: { track: FakeTrack };
}

export class FakePeerConnection extends FakeTarget {
  static instances: FakePeerConnection[] = [];

  readonly configuration: RTCConfiguration;
  connectionState: RTCPeerConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  /** What getStats() reports: entries by id. */
  stats: Record<string, unknown>[] = [];
  /** While set, setRemoteDescription waits for it (an offer still being applied). */
  remoteGate: Promise<void> | null = null;
  private offers = 0;

  constructor(configuration: RTCConfiguration = {}) {
    super();
    this.configuration = configuration;
    FakePeerConnection.instances.push(this);
  }

  get closed(): boolean {
    return this.signalingState === 'closed';
  }

  addTransceiver(track: FakeTrack, init: RTCRtpTransceiverInit = {}): FakeTransceiver {
    const encodings = (init.sendEncodings ?? [{}]).map((e) => ({ ...e }));
    const transceiver: FakeTransceiver = {
      mid: String(this.transceivers.length),
      direction: init.direction ?? 'sendrecv',
      sender: { track, getParameters: () => ({ encodings }), setParameters: async () => undefined },
      receiver: { track: fakeTrack(track.kind, `recv-${track.id}`) },
    };
    this.transceivers.push(transceiver);
    return transceiver;
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  async createOffer(): Promise<RTCSessionDescriptionInit> {
    this.checkOpen();
    return { type: 'offer', sdp: `publish-offer-${++this.offers}` };
  }

  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    this.checkOpen();
    return { type: 'answer', sdp: `answer-to-${this.remoteDescription?.sdp ?? ''}` };
  }

  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.checkOpen();
    this.localDescription = description;
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.remoteGate !== null) await this.remoteGate;
    this.checkOpen();
    this.remoteDescription = description;
    if (description.type === 'offer') this.applyOffer(description.sdp ?? '');
  }

  async getStats(): Promise<RTCStatsReport> {
    this.checkOpen();
    return new Map(this.stats.map((s, i) => [String(i), s])) as unknown as RTCStatsReport;
  }

  close(): void {
    // As in browsers: no connectionstatechange for close().
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }

  // Test side

  /** A connection state change, as the browser reports it (also on a closed connection, to test that it is ignored). */
  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatch('connectionstatechange', {});
  }

  /** A `track` event for `mid`, as the browser fires it during setRemoteDescription. */
  fireTrack(mid: string, streamId: string, kind: string): void {
    const transceiver = { mid, receiver: { track: fakeTrack(kind, `t-${mid}`) } };
    this.dispatch('track', { transceiver, track: transceiver.receiver.track, streams: [{ id: streamId }] });
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('InvalidStateError: the peer connection is closed');
  }

  private applyOffer(sdp: string): void {
    let mid: string | null = null;
    let kind = 'audio';
    const sections: { mid: string; kind: string; stream: string | null }[] = [];
    for (const line of sdp.split(/\r?\n/)) {
      if (line.startsWith('m=')) kind = line.slice(2).split(' ')[0] ?? 'audio';
      if (line.startsWith('a=mid:')) {
        mid = line.slice(6);
        sections.push({ mid, kind, stream: null });
      }
      const last = sections.at(-1);
      if (line.startsWith('a=msid:') && last !== undefined) last.stream = line.slice(7).split(' ')[0] ?? null;
    }
    for (const s of sections) {
      if (this.transceivers.some((t) => t.mid === s.mid)) continue;
      const track = fakeTrack(s.kind, `t-${s.mid}`);
      this.transceivers.push({
        mid: s.mid,
        direction: 'recvonly',
        sender: { track: null, getParameters: () => ({ encodings: [] }), setParameters: async () => undefined },
        receiver: { track },
      });
      if (s.stream !== null) this.dispatch('track', { transceiver: { mid: s.mid }, track, streams: [{ id: s.stream }] });
    }
  }
}

/** Puts the fakes where the session modules look for the browser's classes. */
export function installFakes(): void {
  const g = globalThis as Record<string, unknown>;
  g['WebSocket'] = FakeWebSocket;
  g['RTCPeerConnection'] = FakePeerConnection;
  FakeWebSocket.instances = [];
  FakePeerConnection.instances = [];
}

/** Lets pending promise jobs and timers of 0 ms run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A subscribe offer's SDP: one sending section per track, `a=msid:<participantId> <trackId>`. */
export function subscribeSdp(tracks: { mid: string; participantId: string; kind: string; trackId: string }[]): string {
  const lines = ['v=0', 'o=scalemeet 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0'];
  for (const t of tracks) {
    lines.push(`m=${t.kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${t.mid}`, 'a=sendonly', `a=msid:${t.participantId} ${t.trackId}`);
  }
  return [...lines, ''].join('\r\n');
}
