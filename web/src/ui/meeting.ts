/*
 * The meeting screen: a header, the grid of participant tiles and the toolbar.
 *
 * Create it before session.join() so that it hears the participants the join reports, then call
 * showLocal() once the join has succeeded (the local tile needs the participant id).
 * Toolbar test ids follow Jitsi Meet: toolbar.microphone, toolbar.camera, toolbar.tileview,
 * toolbar.security (moderators: lock the room, see security.ts), toolbar.hangup.
 *
 * Two layouts, as in Jitsi Meet: tile view (everyone the same size; the default) and stage view
 * (one remote participant large, everyone else in a row of thumbnails below). Clicking a remote
 * tile puts it on stage, clicking it again goes back to tile view; the tile-view button toggles
 * between tile view and a stage that follows the dominant speaker. The tiles never move in the
 * DOM (moving a <video> pauses it); CSS places them.
 *
 * After every layout change the view tells the focus, debounced, what it displays
 * (receiverConstraints: each remote tile's height, see constraints.ts) when that changed.
 *
 * When the media moves to another bridge (`moved`) the tiles stay; their tracks are replaced as
 * the new ones arrive, and `media.reconnecting` shows (hidden otherwise) until media flows again.
 */

import type { MediaKind, Participant } from '../protocol.js';
import type { Session } from '../session.js';
import { h, isTyping } from './dom.js';
import { icon, type IconName } from './icons.js';
import { receiverConstraints, sameConstraints } from './constraints.js';
import { bestLayout, stageLayout } from './layout.js';
import { SecurityControl } from './security.js';
import { ParticipantTile } from './tile.js';
import type { ReceiverConstraints } from '../session.js';

const GRID_GAP_PX = 8;
/** Layout changes come in bursts (several joins, a window being dragged); one message per burst. */
const CONSTRAINTS_DEBOUNCE_MS = 200;

export interface MeetingCallbacks {
  /** The hang-up button was pressed. */
  onHangup(): void;
}

export interface MeetingOptions {
  /** receiverConstraints' lastN: at most this many video sources, −1 = all. */
  lastN: number;
}

interface RemoteMedia {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

export class MeetingView {
  readonly element: HTMLElement;
  private readonly session: Session;
  private readonly grid: HTMLDivElement;
  private readonly audioSink: HTMLDivElement;
  private readonly count: HTMLSpanElement;
  private readonly toasts: HTMLDivElement;
  private readonly reconnecting: HTMLDivElement;
  private readonly micButton: HTMLButtonElement;
  private readonly cameraButton: HTMLButtonElement;
  private readonly tileViewButton: HTMLButtonElement;
  private readonly security: SecurityControl;
  private readonly options: MeetingOptions;
  private readonly tiles = new Map<string, ParticipantTile>();
  /** Remote tracks by participant; kept apart from tiles, since a track may arrive first. */
  private readonly media = new Map<string, RemoteMedia>();
  private localTile: ParticipantTile | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly resizeObserver: ResizeObserver;

  /** Stage view shows someone on stage (when there is a remote participant); tile view does not. */
  private stageView = false;
  /** The participant put on stage by hand; null lets the dominant speaker take the stage. */
  private pinned: string | null = null;
  /** The last remote participant the focus named as speaking. */
  private lastRemoteSpeaker: string | null = null;
  private dominantSpeaker: string | null = null;
  private constraintsTimer: ReturnType<typeof setTimeout> | undefined;
  private constraintsSubmitted: ReceiverConstraints | null = null;
  /** Stops listening for a devicePixelRatio change (zoom, another screen). */
  private stopWatchingPixelRatio: () => void = () => undefined;

  constructor(session: Session, callbacks: MeetingCallbacks, options: MeetingOptions = { lastN: -1 }) {
    this.session = session;
    this.options = { ...options };
    this.grid = h('div', { class: 'grid', 'data-testid': 'participants-grid' });
    this.audioSink = h('div', { class: 'audio-sink', hidden: true });
    this.count = h('span', { class: 'count' });
    this.toasts = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    this.reconnecting = h('div', { class: 'reconnecting', role: 'status', 'data-testid': 'media.reconnecting' }, 'Reconnecting…');
    this.reconnecting.hidden = !session.reconnecting;
    this.micButton = toolbarButton('toolbar.microphone', () => this.toggleAudio());
    this.cameraButton = toolbarButton('toolbar.camera', () => this.toggleVideo());
    this.tileViewButton = toolbarButton('toolbar.tileview', () => this.toggleTileView());
    this.security = new SecurityControl(session);
    const hangup = toolbarButton('toolbar.hangup', () => callbacks.onHangup());
    hangup.classList.add('hangup');
    setButton(hangup, 'hangup', 'Leave the meeting');

    this.element = h(
      'main',
      { class: 'screen meeting' },
      h('header', { class: 'meeting-header' }, h('span', { class: 'room' }, session.room), this.security.indicator, this.count),
      h('section', { class: 'stage' }, this.grid),
      h(
        'nav',
        { class: 'toolbar', 'aria-label': 'Meeting controls' },
        this.micButton,
        this.cameraButton,
        this.tileViewButton,
        this.security.button,
        hangup,
      ),
      this.security.dialog,
      this.audioSink,
      this.toasts,
      this.reconnecting,
    );

    this.resizeObserver = new ResizeObserver(() => this.layout());
    this.resizeObserver.observe(this.grid);
    this.watchPixelRatio();
    this.unsubscribe.push(
      session.on('participantJoined', (p) => this.addRemote(p)),
      session.on('participantLeft', (id) => this.removeRemote(id)),
      session.on('participantMuted', (p) => this.tiles.get(p.participantId)?.setMuted(p.audioMuted, p.videoMuted)),
      session.on('trackAdded', (id, kind, track) => this.setRemoteTrack(id, kind, track)),
      session.on('trackRemoved', (id, kind, track) => {
        if (this.media.get(id)?.[kind] === track) this.setRemoteTrack(id, kind, null);
      }),
      session.on('dominantSpeakerChanged', (id) => this.setDominantSpeaker(id)),
      session.on('error', (error) => this.toast(error.message)),
      session.on('moved', (reason) => {
        this.reconnecting.title = reason;
      }),
      session.on('reconnectingChanged', (reconnecting) => {
        this.reconnecting.hidden = !reconnecting;
      }),
      session.on('lockChanged', (locked, by) => {
        this.security.update();
        this.toast(`${this.nameOf(by)} ${locked ? 'locked' : 'unlocked'} the meeting`);
      }),
      session.on('moderatorChanged', (id) => {
        this.security.update();
        if (id === session.participantId) this.toast('You are now a moderator: you can lock the meeting');
      }),
    );
    const onKey = (e: KeyboardEvent): void => this.onKey(e);
    document.addEventListener('keydown', onKey);
    this.unsubscribe.push(() => document.removeEventListener('keydown', onKey));
    this.updateToolbar();
    this.updateCount();
  }

  /** The participant on stage, or null in tile view. */
  get onStage(): string | null {
    if (!this.stageView) return null;
    const remote = (id: string | null): id is string => id !== null && this.tiles.has(id) && this.tiles.get(id) !== this.localTile;
    if (remote(this.pinned)) return this.pinned;
    if (remote(this.lastRemoteSpeaker)) return this.lastRemoteSpeaker;
    for (const [id, tile] of this.tiles) {
      if (tile !== this.localTile) return id;
    }
    return null;
  }

  /**
   * Puts a remote participant on stage (stage view), or with null goes back to tile view; what a
   * click on a tile does, without the toggling. Throws for an id that is not a remote participant.
   */
  setStage(participantId: string | null): void {
    if (participantId !== null) {
      const tile = this.tiles.get(participantId);
      if (tile === undefined || tile === this.localTile) throw new Error(`'${participantId}' is not a remote participant in this meeting`);
    }
    this.pinned = participantId;
    this.stageView = participantId !== null;
    this.layout();
  }

  /** Adds the local tile, first in the grid, and shows what the join said (moderator, lock). */
  showLocal(): void {
    this.security.update();
    const local = this.session.localParticipant();
    if (local === null || this.localTile !== null) return;
    this.localTile = new ParticipantTile(local, true);
    this.localTile.setDominantSpeaker(this.dominantSpeaker === local.participantId);
    this.localTile.showVideo(this.session.stream);
    this.tiles.set(local.participantId, this.localTile);
    this.grid.prepend(this.localTile.element);
    this.updateCount();
    this.layout();
  }

  /** Stops listening to the session and releases every media element. */
  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.resizeObserver.disconnect();
    this.stopWatchingPixelRatio();
    clearTimeout(this.constraintsTimer);
    for (const tile of this.tiles.values()) tile.remove();
    this.tiles.clear();
    this.media.clear();
  }

  private addRemote(participant: Participant): void {
    if (this.tiles.has(participant.participantId)) return;
    const tile = new ParticipantTile(participant, false);
    tile.onSelect(() => this.setStage(this.onStage === participant.participantId ? null : participant.participantId));
    tile.setDominantSpeaker(this.dominantSpeaker === participant.participantId);
    this.tiles.set(participant.participantId, tile);
    this.grid.append(tile.element);
    if (tile.audio !== null) this.audioSink.append(tile.audio);
    const media = this.media.get(participant.participantId);
    if (media !== undefined) {
      tile.setAudioTrack(media.audio);
      tile.setVideoTrack(media.video);
    }
    this.updateCount();
    this.layout();
  }

  private removeRemote(participantId: string): void {
    this.tiles.get(participantId)?.remove();
    this.tiles.delete(participantId);
    this.media.delete(participantId);
    if (this.pinned === participantId) {
      // The participant on stage by hand left: back to tile view.
      this.pinned = null;
      this.stageView = false;
    }
    this.updateCount();
    this.layout();
  }

  private setRemoteTrack(participantId: string, kind: MediaKind, track: MediaStreamTrack | null): void {
    const media = this.media.get(participantId) ?? { audio: null, video: null };
    media[kind] = track;
    this.media.set(participantId, media);
    const tile = this.tiles.get(participantId);
    if (tile === undefined || tile === this.localTile) return;
    if (kind === 'audio') tile.setAudioTrack(track);
    else tile.setVideoTrack(track);
  }

  private toggleAudio(): void {
    const { audioMuted, videoMuted } = this.session.muted;
    this.session.setMuted(!audioMuted, videoMuted);
    this.afterLocalMute();
  }

  private toggleVideo(): void {
    const { audioMuted, videoMuted } = this.session.muted;
    this.session.setMuted(audioMuted, !videoMuted);
    this.afterLocalMute();
  }

  private afterLocalMute(): void {
    const { audioMuted, videoMuted } = this.session.muted;
    this.localTile?.setMuted(audioMuted, videoMuted);
    this.updateToolbar();
  }

  /** Tile view ⇄ stage view following the dominant speaker. */
  private toggleTileView(): void {
    this.pinned = null;
    this.stageView = !this.stageView;
    this.layout();
  }

  private setDominantSpeaker(participantId: string | null): void {
    this.dominantSpeaker = participantId;
    for (const [id, tile] of this.tiles) tile.setDominantSpeaker(id === participantId);
    if (participantId === null || participantId === this.session.participantId) return;
    this.lastRemoteSpeaker = participantId;
    if (this.stageView && this.pinned === null) this.layout();
  }

  private updateToolbar(): void {
    setButton(
      this.tileViewButton,
      this.stageView ? 'tileView' : 'stageView',
      this.stageView ? 'Show tile view' : 'Show the speaker on stage',
    );
    const { audioMuted, videoMuted } = this.session.muted;
    setButton(this.micButton, audioMuted ? 'micOff' : 'mic', audioMuted ? 'Unmute microphone' : 'Mute microphone', audioMuted);
    setButton(this.cameraButton, videoMuted ? 'cameraOff' : 'camera', videoMuted ? 'Start camera' : 'Stop camera', videoMuted);
  }

  private updateCount(): void {
    const n = this.tiles.size;
    this.count.textContent = n === 1 ? '1 participant' : `${n} participants`;
  }

  /**
   * Sizes the tiles: all the same size so that they fit (tile view), or the stage participant
   * large above a row of the others. Then schedules the receiver constraints.
   */
  private layout(): void {
    const onStage = this.onStage;
    for (const [id, tile] of this.tiles) tile.setOnStage(id === onStage);
    this.grid.classList.toggle('stage-view', onStage !== null);
    this.updateToolbar();
    this.scheduleConstraints();

    const { width, height } = this.grid.getBoundingClientRect();
    if (width === 0 || height === 0) return;
    const style = this.grid.style;
    if (onStage === null) {
      const { columns, tileWidth } = bestLayout(this.tiles.size, width, height, GRID_GAP_PX);
      style.setProperty('--columns', String(columns));
      style.setProperty('--tile-width', `${tileWidth}px`);
      return;
    }
    const stage = stageLayout(this.tiles.size - 1, width, height, GRID_GAP_PX);
    style.setProperty('--tile-width', `${stage.thumbWidth}px`);
    style.setProperty('--stage-width', `${stage.stageWidth}px`);
    style.setProperty('--stage-left', `${stage.stageLeft}px`);
    style.setProperty('--stage-top', `${stage.stageTop}px`);
  }

  /** Tiles keep their CSS size when devicePixelRatio changes, but their device pixels do not. */
  private watchPixelRatio(): void {
    const query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    const onChange = (): void => {
      this.watchPixelRatio();
      this.scheduleConstraints();
    };
    query.addEventListener('change', onChange, { once: true });
    this.stopWatchingPixelRatio = () => query.removeEventListener('change', onChange);
  }

  private scheduleConstraints(): void {
    clearTimeout(this.constraintsTimer);
    this.constraintsTimer = setTimeout(() => this.submitConstraints(), CONSTRAINTS_DEBOUNCE_MS);
  }

  /** Measures the remote tiles and sends receiverConstraints if they changed (not while hidden). */
  private submitConstraints(): void {
    const grid = this.grid.getBoundingClientRect();
    if (grid.width === 0 || grid.height === 0) return;
    const tiles = [...this.tiles]
      .filter(([, tile]) => tile !== this.localTile)
      .map(([participantId, tile]) => ({ participantId, height: tile.element.getBoundingClientRect().height }));
    const constraints = receiverConstraints({
      tiles,
      devicePixelRatio: window.devicePixelRatio,
      onStage: this.onStage,
      lastN: this.options.lastN,
    });
    if (this.constraintsSubmitted !== null && sameConstraints(constraints, this.constraintsSubmitted)) return;
    this.constraintsSubmitted = constraints;
    this.session.setReceiverConstraints(constraints);
  }

  private onKey(event: KeyboardEvent): void {
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'm' || event.key === 'M') this.toggleAudio();
    else if (event.key === 'v' || event.key === 'V') this.toggleVideo();
    else if (event.key === 'w' || event.key === 'W') this.toggleTileView();
  }

  /** "You" for this participant, else the name on its tile. */
  private nameOf(participantId: string): string {
    if (participantId === this.session.participantId) return 'You';
    return this.session.remoteParticipants().find((p) => p.participantId === participantId)?.displayName ?? 'A moderator';
  }

  private toast(message: string): void {
    const toast = h('div', { class: 'toast' }, message);
    this.toasts.append(toast);
    setTimeout(() => toast.remove(), 8000);
  }
}

function toolbarButton(testId: string, onClick: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'toolbar-button', 'data-testid': testId });
  button.addEventListener('click', onClick);
  return button;
}

/** Shows `iconName`, labels the button with `label` (its action) and, for toggles, marks the off state. */
function setButton(button: HTMLButtonElement, iconName: IconName, label: string, off?: boolean): void {
  button.replaceChildren(icon(iconName));
  button.setAttribute('aria-label', label);
  button.title = label;
  if (off === undefined) return;
  button.classList.toggle('off', off);
  button.setAttribute('aria-pressed', String(off));
}
