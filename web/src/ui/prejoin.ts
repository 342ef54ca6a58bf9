/*
 * The prejoin screen, as in Jitsi Meet: a camera preview, a name input with placeholder
 * "Enter your name" and a "Join meeting" button (data-testid="prejoin.joinMeeting"); Enter in
 * the name input joins too. The camera opens as soon as the screen shows.
 *
 * A meeting link with a token (`?jwt=`) whose `context.user.name` is set shows that name, read
 * only: the focus joins under it whatever is typed. A refused join says why
 * (data-testid="prejoin.error", its code in data-error-code); a locked room brings up the
 * password field (data-testid="prejoin.password", name "lockKey" as in Jitsi's prompt).
 */

import { tokenDisplayName } from '../jwt.js';
import { SessionError } from '../session.js';
import { h, play } from './dom.js';
import { joinErrorText } from './join-errors.js';
import { openCamera } from './media.js';
import type { PageOptions } from './options.js';

/** What the person asked to join with. */
export interface JoinRequest {
  displayName: string;
  /** The room's password, once the screen asked for it. */
  password?: string;
}

export interface PrejoinCallbacks {
  /** Joins with the given name (and password) and camera stream; rejects with an Error to show. */
  join(request: JoinRequest, stream: MediaStream): Promise<void>;
}

/** The longest room password a moderator can set (ScaleMeet:Auth:RoomPassword:MaxLength's default). */
const MAX_PASSWORD_LENGTH = 128;

export class PrejoinScreen {
  readonly element: HTMLElement;
  private readonly name: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly passwordRow: HTMLLabelElement;
  private readonly button: HTMLButtonElement;
  private readonly error: HTMLParagraphElement;
  private readonly media: Promise<MediaStream | null>;
  private readonly tokenName: string | null;
  private stream: MediaStream | null = null;
  private joining = false;

  constructor(room: string, options: PageOptions, callbacks: PrejoinCallbacks) {
    const video = h('video', { autoplay: true, playsinline: true, muted: true, class: 'mirrored' });
    video.muted = true;
    const status = h('div', { class: 'preview-status' }, 'Starting camera…');
    const preview = h('div', { class: 'preview no-video' }, video, status);
    this.tokenName = options.token === null ? null : tokenDisplayName(options.token);
    this.name = h('input', {
      type: 'text',
      name: 'displayName',
      placeholder: 'Enter your name',
      'aria-label': 'Enter your name',
      maxlength: 64,
      autocomplete: 'name',
      autofocus: this.tokenName === null,
      readonly: this.tokenName !== null,
      'data-testid': 'prejoin.input',
    });
    this.name.value = this.tokenName ?? options.name;
    const nameNote = h('p', { class: 'note', 'data-testid': 'prejoin.tokenName' }, 'Your name comes from your meeting invitation.');
    nameNote.hidden = this.tokenName === null;
    this.password = h('input', {
      type: 'password',
      name: 'lockKey',
      placeholder: 'Meeting password',
      maxlength: MAX_PASSWORD_LENGTH,
      autocomplete: 'off',
      'data-testid': 'prejoin.password',
    });
    this.passwordRow = h('label', { class: 'password-row' }, h('span', {}, 'This meeting is locked'), this.password);
    this.passwordRow.hidden = true;
    this.button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'prejoin.joinMeeting' }, 'Join meeting');
    this.error = h('p', { class: 'error', role: 'alert', 'data-testid': 'prejoin.error' });
    this.error.hidden = true;

    const form = h('form', { class: 'prejoin-form' }, this.name, nameNote, this.passwordRow, this.button, this.error);
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
        this.showError(err instanceof Error ? err.message : String(err), null);
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
      const displayName = this.tokenName ?? displayNameOrGuest(this.name.value);
      const password = this.passwordRow.hidden ? '' : this.password.value;
      await callbacks.join(password === '' ? { displayName } : { displayName, password }, stream);
    } catch (err) {
      this.showRefusal(err);
    } finally {
      this.joining = false;
      this.button.disabled = false;
      this.button.textContent = 'Join meeting';
    }
  }

  /** Says why the focus refused, and asks for the password when that is what it takes. */
  private showRefusal(err: unknown): void {
    const detail = err instanceof Error ? err.message : String(err);
    const code = err instanceof SessionError ? err.code : null;
    const known = code === null ? null : joinErrorText(code);
    if (known === null) {
      this.showError(`Could not join the meeting: ${detail}`, code);
      return;
    }
    this.showError(known.action === 'none' ? `${known.text} (${detail})` : known.text, code);
    if (known.action === 'none') return;
    this.passwordRow.hidden = false;
    this.password.focus();
    if (known.action === 'retryPassword') this.password.select();
  }

  private showError(message: string, code: string | null): void {
    this.error.textContent = message;
    if (code === null) this.error.removeAttribute('data-error-code');
    else this.error.dataset['errorCode'] = code;
    this.error.hidden = false;
  }
}

/** Like Jitsi Meet, an empty name is allowed; the room then sees "Guest 1234". */
function displayNameOrGuest(value: string): string {
  const name = value.trim().slice(0, 64);
  return name !== '' ? name : `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
}
