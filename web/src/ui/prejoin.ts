/*
 * The prejoin screen, as in Jitsi Meet: a camera preview, a name input with placeholder
 * "Enter your name" and a "Join meeting" button (data-testid="prejoin.joinMeeting"); Enter in
 * the name input joins too. The camera opens as soon as the screen shows.
 */

import { h, play } from './dom.js';
import { openCamera } from './media.js';
import type { PageOptions } from './options.js';

export interface PrejoinCallbacks {
  /** Joins with the given name and camera stream; rejects with an Error to show. */
  join(displayName: string, stream: MediaStream): Promise<void>;
}

export class PrejoinScreen {
  readonly element: HTMLElement;
  private readonly name: HTMLInputElement;
  private readonly button: HTMLButtonElement;
  private readonly error: HTMLParagraphElement;
  private readonly media: Promise<MediaStream | null>;
  private stream: MediaStream | null = null;
  private joining = false;

  constructor(room: string, options: PageOptions, callbacks: PrejoinCallbacks) {
    const video = h('video', { autoplay: true, playsinline: true, muted: true, class: 'mirrored' });
    video.muted = true;
    const status = h('div', { class: 'preview-status' }, 'Starting camera…');
    const preview = h('div', { class: 'preview no-video' }, video, status);
    this.name = h('input', {
      type: 'text',
      name: 'displayName',
      placeholder: 'Enter your name',
      'aria-label': 'Enter your name',
      maxlength: 64,
      autocomplete: 'name',
      autofocus: true,
      'data-testid': 'prejoin.input',
    });
    this.name.value = options.name;
    this.button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'prejoin.joinMeeting' }, 'Join meeting');
    this.error = h('p', { class: 'error', role: 'alert', 'data-testid': 'prejoin.error' });
    this.error.hidden = true;

    const form = h('form', { class: 'prejoin-form' }, this.name, this.button, this.error);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(callbacks);
    });
    this.element = h(
      'main',
      { class: 'screen centered' },
      h('div', { class: 'card prejoin' }, h('h1', {}, room), h('p', { class: 'lead' }, 'Ready to join?'), preview, form),
    );

    this.media = openCamera(options).then(
      (stream) => {
        this.stream = stream;
        video.srcObject = stream;
        play(video);
        preview.classList.toggle('no-video', stream.getVideoTracks().length === 0);
        status.remove();
        return stream;
      },
      (err: unknown) => {
        status.textContent = 'No camera';
        this.showError(err instanceof Error ? err.message : String(err));
        return null;
      },
    );
  }

  /** The camera stream, for a caller that abandons the screen (it then stops the tracks). */
  get currentStream(): MediaStream | null {
    return this.stream;
  }

  private async submit(callbacks: PrejoinCallbacks): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    this.button.disabled = true;
    this.button.textContent = 'Joining…';
    try {
      const stream = await this.media;
      if (stream === null) return; // the camera error is already on screen
      this.error.hidden = true;
      await callbacks.join(displayNameOrGuest(this.name.value), stream);
    } catch (err) {
      this.showError(`Could not join the meeting: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.joining = false;
      this.button.disabled = false;
      this.button.textContent = 'Join meeting';
    }
  }

  private showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }
}

/** Like Jitsi Meet, an empty name is allowed; the room then sees "Guest 1234". */
function displayNameOrGuest(value: string): string {
  const name = value.trim().slice(0, 64);
  return name !== '' ? name : `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
}
