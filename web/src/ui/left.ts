/** Shown after hanging up, or when the connection was lost: a message and a rejoin button. */

import { h } from './dom.js';

export interface LeftCallbacks {
  /** Joins the same room again; rejects with an Error to show. */
  rejoin(): Promise<void>;
}

/** `reason` is set when the meeting ended because of a failure rather than a hang-up. */
export function leftScreen(room: string, callbacks: LeftCallbacks, reason?: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'left.rejoin' }, 'Rejoin');
  const error = h('p', { class: 'error', role: 'alert' });
  error.hidden = true;
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Rejoining…';
    callbacks.rejoin().catch((err: unknown) => {
      error.textContent = err instanceof Error ? err.message : String(err);
      error.hidden = false;
      button.disabled = false;
      button.textContent = 'Rejoin';
    });
  });
  const card = h(
    'div',
    { class: 'card left', 'data-testid': reason === undefined ? 'left' : 'disconnected' },
    h('h1', {}, reason === undefined ? 'You left the meeting' : 'You were disconnected'),
    h('p', { class: 'lead' }, reason ?? `You were in “${room}”.`),
    button,
    h('a', { href: `/${location.search}` }, 'Start another meeting'),
    error,
  );
  return h('main', { class: 'screen centered' }, card);
}
