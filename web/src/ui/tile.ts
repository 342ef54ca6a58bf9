/*
 * One participant's tile in the meeting grid, with the test ids of Jitsi Meet:
 *
 *   <div data-testid="participant-tile" data-participant-id="…"
 *        [data-on-stage="true"] [data-dominant-speaker="true"]>   (present only while so)
 *     <video autoplay playsinline muted>        (the camera; sound plays from a separate <audio>)
 *     <div class="avatar">AB</div>              (shown while there is no video)
 *     <div class="tile-label">
 *       [data-testid=audio-muted-indicator]     (present only while muted)
 *       [data-testid=video-muted-indicator]     (present only while muted)
 *       <span data-testid="participant-name">Ada</span> <span class="you">(you)</span>
 */

import type { Participant } from '../protocol.js';
import { h, initials, play } from './dom.js';
import { icon } from './icons.js';

export class ParticipantTile {
  readonly element: HTMLDivElement;
  /** Remote tiles only: plays the participant's sound; the caller places it in the page. */
  readonly audio: HTMLAudioElement | null;
  private readonly video: HTMLVideoElement;
  private readonly indicators: HTMLSpanElement;
  private readonly name: HTMLSpanElement;
  private readonly avatar: HTMLDivElement;
  private readonly local: boolean;
  private audioIndicator: HTMLElement | null = null;
  private videoIndicator: HTMLElement | null = null;
  private hasVideo = false;
  private videoMuted = false;

  constructor(participant: Participant, local: boolean) {
    this.local = local;
    this.video = h('video', { autoplay: true, playsinline: true, muted: true });
    this.video.muted = true; // the attribute alone does not mute a video created by script
    this.name = h('span', { class: 'name', 'data-testid': 'participant-name' });
    this.avatar = h('div', { class: 'avatar', 'aria-hidden': 'true' });
    this.indicators = h('span', { class: 'indicators' });
    const label = h('div', { class: 'tile-label' }, this.indicators, this.name);
    if (local) label.append(h('span', { class: 'you' }, '(you)'));
    this.element = h(
      'div',
      { class: local ? 'tile local' : 'tile', 'data-testid': 'participant-tile', 'data-participant-id': participant.participantId },
      this.video,
      this.avatar,
      label,
    );
    this.audio = local ? null : h('audio', { autoplay: true, 'data-participant-id': participant.participantId });
    this.setName(participant.displayName);
    this.setMuted(participant.audioMuted, participant.videoMuted);
    this.updateVideoVisibility();
  }

  setName(displayName: string): void {
    this.name.textContent = displayName;
    this.avatar.textContent = initials(displayName);
    this.element.title = displayName;
  }

  setMuted(audioMuted: boolean, videoMuted: boolean): void {
    if (audioMuted !== (this.audioIndicator !== null)) {
      this.audioIndicator = audioMuted ? indicator('audio-muted-indicator', 'micOff', 'Microphone muted') : null;
    }
    if (videoMuted !== (this.videoIndicator !== null)) {
      this.videoIndicator = videoMuted ? indicator('video-muted-indicator', 'cameraOff', 'Camera off') : null;
    }
    this.indicators.replaceChildren(...[this.audioIndicator, this.videoIndicator].filter((e) => e !== null));
    this.videoMuted = videoMuted;
    this.updateVideoVisibility();
  }

  /** Shows `stream`'s video (the local tile passes the whole camera stream). */
  showVideo(stream: MediaStream | null): void {
    this.video.srcObject = stream;
    this.hasVideo = stream !== null && stream.getVideoTracks().length > 0;
    if (stream !== null) play(this.video);
    this.updateVideoVisibility();
  }

  /** Marks the tile as the one on stage (stage view). */
  setOnStage(onStage: boolean): void {
    this.element.classList.toggle('on-stage', onStage);
    toggleFlag(this.element, 'data-on-stage', onStage);
  }

  /** Marks the participant the focus names as speaking: a highlight ring. */
  setDominantSpeaker(speaking: boolean): void {
    this.element.classList.toggle('dominant-speaker', speaking);
    toggleFlag(this.element, 'data-dominant-speaker', speaking);
  }

  /** Remote tiles only: `onSelect` runs on a click, or Enter while the tile has the focus. */
  onSelect(onSelect: () => void): void {
    if (this.local) return;
    this.element.classList.add('selectable');
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'button');
    this.element.setAttribute('aria-label', `${this.name.textContent ?? ''}: show on stage or back to tile view`);
    this.element.addEventListener('click', onSelect);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onSelect();
    });
  }

  setVideoTrack(track: MediaStreamTrack | null): void {
    this.showVideo(track === null ? null : new MediaStream([track]));
  }

  setAudioTrack(track: MediaStreamTrack | null): void {
    if (this.audio === null) return;
    this.audio.srcObject = track === null ? null : new MediaStream([track]);
    if (track !== null) play(this.audio);
  }

  /** Removes the tile and its audio element from the page and releases the media. */
  remove(): void {
    this.video.srcObject = null;
    if (this.audio !== null) this.audio.srcObject = null;
    this.element.remove();
    this.audio?.remove();
  }

  private updateVideoVisibility(): void {
    // The video stays in the layout (and keeps decoding); the avatar covers it.
    this.element.classList.toggle('no-video', !this.hasVideo || this.videoMuted);
  }
}

function toggleFlag(element: HTMLElement, attribute: string, on: boolean): void {
  if (on) element.setAttribute(attribute, 'true');
  else element.removeAttribute(attribute);
}

function indicator(testId: string, iconName: 'micOff' | 'cameraOff', label: string): HTMLElement {
  const element = h('span', { class: 'indicator', 'data-testid': testId, title: label, 'aria-label': label, role: 'img' });
  element.append(icon(iconName));
  return element;
}
