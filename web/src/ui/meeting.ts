/*
 * The meeting screen: a header, the grid of participant tiles and the toolbar.
 *
 * Create it before session.join() so that it hears the participants the join reports, then call
 * showLocal() once the join has succeeded (the local tile needs the participant id).
 * Toolbar test ids follow Jitsi Meet: toolbar.microphone, toolbar.camera, toolbar.hangup.
 */

import type { MediaKind, Participant } from '../protocol.js';
import type { Session } from '../session.js';
import { h, isTyping } from './dom.js';
import { icon, type IconName } from './icons.js';
import { bestLayout } from './layout.js';
import { ParticipantTile } from './tile.js';

const GRID_GAP_PX = 8;

export interface MeetingCallbacks {
  /** The hang-up button was pressed. */
  onHangup(): void;
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
  private readonly micButton: HTMLButtonElement;
  private readonly cameraButton: HTMLButtonElement;
  private readonly tiles = new Map<string, ParticipantTile>();
  /** Remote tracks by participant; kept apart from tiles, since a track may arrive first. */
  private readonly media = new Map<string, RemoteMedia>();
  private localTile: ParticipantTile | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly resizeObserver: ResizeObserver;

  constructor(session: Session, callbacks: MeetingCallbacks) {
    this.session = session;
    this.grid = h('div', { class: 'grid', 'data-testid': 'participants-grid' });
    this.audioSink = h('div', { class: 'audio-sink', hidden: true });
    this.count = h('span', { class: 'count' });
    this.toasts = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    this.micButton = toolbarButton('toolbar.microphone', () => this.toggleAudio());
    this.cameraButton = toolbarButton('toolbar.camera', () => this.toggleVideo());
    const hangup = toolbarButton('toolbar.hangup', () => callbacks.onHangup());
    hangup.classList.add('hangup');
    setButton(hangup, 'hangup', 'Leave the meeting');

    this.element = h(
      'main',
      { class: 'screen meeting' },
      h('header', { class: 'meeting-header' }, h('span', { class: 'room' }, session.room), this.count),
      h('section', { class: 'stage' }, this.grid),
      h('nav', { class: 'toolbar', 'aria-label': 'Meeting controls' }, this.micButton, this.cameraButton, hangup),
      this.audioSink,
      this.toasts,
    );

    this.resizeObserver = new ResizeObserver(() => this.layout());
    this.resizeObserver.observe(this.grid);
    this.unsubscribe.push(
      session.on('participantJoined', (p) => this.addRemote(p)),
      session.on('participantLeft', (id) => this.removeRemote(id)),
      session.on('participantMuted', (p) => this.tiles.get(p.participantId)?.setMuted(p.audioMuted, p.videoMuted)),
      session.on('trackAdded', (id, kind, track) => this.setRemoteTrack(id, kind, track)),
      session.on('trackRemoved', (id, kind, track) => {
        if (this.media.get(id)?.[kind] === track) this.setRemoteTrack(id, kind, null);
      }),
      session.on('error', (error) => this.toast(error.message)),
    );
    const onKey = (e: KeyboardEvent): void => this.onKey(e);
    document.addEventListener('keydown', onKey);
    this.unsubscribe.push(() => document.removeEventListener('keydown', onKey));
    this.updateToolbar();
    this.updateCount();
  }

  /** Adds the local tile, first in the grid. */
  showLocal(): void {
    const local = this.session.localParticipant();
    if (local === null || this.localTile !== null) return;
    this.localTile = new ParticipantTile(local, true);
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
    for (const tile of this.tiles.values()) tile.remove();
    this.tiles.clear();
    this.media.clear();
  }

  private addRemote(participant: Participant): void {
    if (this.tiles.has(participant.participantId)) return;
    const tile = new ParticipantTile(participant, false);
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

  private updateToolbar(): void {
    const { audioMuted, videoMuted } = this.session.muted;
    setButton(this.micButton, audioMuted ? 'micOff' : 'mic', audioMuted ? 'Unmute microphone' : 'Mute microphone', audioMuted);
    setButton(this.cameraButton, videoMuted ? 'cameraOff' : 'camera', videoMuted ? 'Start camera' : 'Stop camera', videoMuted);
  }

  private updateCount(): void {
    const n = this.tiles.size;
    this.count.textContent = n === 1 ? '1 participant' : `${n} participants`;
  }

  /** Sizes the tiles so that all of them fit the stage. */
  private layout(): void {
    const { width, height } = this.grid.getBoundingClientRect();
    if (width === 0 || height === 0) return;
    const { columns, tileWidth } = bestLayout(this.tiles.size, width, height, GRID_GAP_PX);
    this.grid.style.setProperty('--columns', String(columns));
    this.grid.style.setProperty('--tile-width', `${tileWidth}px`);
  }

  private onKey(event: KeyboardEvent): void {
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'm' || event.key === 'M') this.toggleAudio();
    else if (event.key === 'v' || event.key === 'V') this.toggleVideo();
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
