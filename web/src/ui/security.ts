/*
 * The room lock, as Jitsi Meet's security options: a toolbar button for moderators
 * (data-testid="toolbar.security") opens a small dialog (data-testid="security-dialog") with a
 * password field (security.password) and a Lock button (security.lock), or, while locked, an
 * Unlock button (security.unlock). Everyone sees the padlock in the header while the room is
 * locked (data-testid="room-locked-indicator"). The password is sent once and never shown again:
 * the focus does not send it back.
 */

import type { Session } from '../session.js';
import { h } from './dom.js';
import { icon } from './icons.js';

/** The longest room password (ScaleMeet:Auth:RoomPassword:MaxLength's default). */
const MAX_PASSWORD_LENGTH = 128;

export class SecurityControl {
  /** For the toolbar; hidden unless this participant is a moderator. */
  readonly button: HTMLButtonElement;
  /** For the header; hidden unless the room is locked. */
  readonly indicator: HTMLSpanElement;
  /** Placed in the meeting screen; hidden until the button opens it. */
  readonly dialog: HTMLDivElement;
  private readonly session: Session;
  private readonly lockForm: HTMLFormElement;
  private readonly password: HTMLInputElement;
  private readonly unlockRow: HTMLDivElement;
  private readonly error: HTMLParagraphElement;
  private busy = false;

  constructor(session: Session) {
    this.session = session;
    this.button = h('button', {
      type: 'button',
      class: 'toolbar-button',
      'data-testid': 'toolbar.security',
      'aria-label': 'Security options',
      title: 'Security options',
    });
    this.button.addEventListener('click', () => this.toggle());
    this.indicator = h('span', { class: 'lock-indicator', 'data-testid': 'room-locked-indicator', title: 'This meeting is locked with a password' }, icon('lock'));

    this.password = h('input', {
      type: 'password',
      name: 'roomPassword',
      placeholder: 'Password',
      'aria-label': 'Meeting password',
      maxlength: MAX_PASSWORD_LENGTH,
      autocomplete: 'new-password',
      required: true,
      'data-testid': 'security.password',
    });
    this.lockForm = h(
      'form',
      { class: 'security-row' },
      this.password,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'security.lock' }, 'Lock'),
    );
    this.lockForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.password.value !== '') void this.apply(this.password.value);
    });
    const unlock = h('button', { type: 'button', class: 'secondary', 'data-testid': 'security.unlock' }, 'Unlock');
    unlock.addEventListener('click', () => void this.apply(null));
    this.unlockRow = h('div', { class: 'security-row' }, h('span', {}, 'The meeting is locked with a password.'), unlock);
    this.error = h('p', { class: 'error', role: 'alert', 'data-testid': 'security.error' });
    this.error.hidden = true;
    const close = h('button', { type: 'button', class: 'link', 'data-testid': 'security.close' }, 'Close');
    close.addEventListener('click', () => this.close());
    this.dialog = h(
      'div',
      { class: 'security-dialog', role: 'dialog', 'aria-label': 'Security options', 'data-testid': 'security-dialog' },
      h('h2', {}, 'Lock the meeting'),
      h('p', { class: 'note' }, 'People who join after you lock it need the password.'),
      this.lockForm,
      this.unlockRow,
      this.error,
      close,
    );
    this.dialog.hidden = true;
    this.update();
  }

  /** Shows what the session says now: the moderator's button, the lock state. */
  update(): void {
    const locked = this.session.locked;
    this.button.hidden = !this.session.moderator;
    this.button.replaceChildren(icon(locked ? 'lock' : 'lockOpen'));
    this.button.classList.toggle('on', locked);
    this.indicator.hidden = !locked;
    this.lockForm.hidden = locked;
    this.unlockRow.hidden = !locked;
    if (!this.session.moderator) this.close();
  }

  close(): void {
    this.dialog.hidden = true;
    this.error.hidden = true;
    this.password.value = '';
  }

  private toggle(): void {
    if (!this.dialog.hidden) {
      this.close();
      return;
    }
    this.update();
    this.dialog.hidden = false;
    if (!this.session.locked) this.password.focus();
  }

  private async apply(password: string | null): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error.hidden = true;
    try {
      await this.session.setRoomPassword(password);
      this.close();
    } catch (err) {
      this.error.textContent = err instanceof Error ? err.message : String(err);
      this.error.hidden = false;
    } finally {
      this.busy = false;
      this.update();
    }
  }
}
