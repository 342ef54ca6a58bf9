/** The page at `/`: asks for a room name and goes to `/<room>`. */

import { isValidRoomName } from '../protocol.js';
import { h } from './dom.js';

const ROOM_RULE = 'Use 1–64 letters, digits, dots, dashes or underscores.';

/** `problem` explains why the address did not name a usable room, if it did not. */
export function homeScreen(problem?: string): HTMLElement {
  const input = h('input', {
    type: 'text',
    name: 'room',
    placeholder: 'Room name',
    'aria-label': 'Room name',
    maxlength: 64,
    autocomplete: 'off',
    autofocus: true,
    required: true,
    'data-testid': 'home.roomName',
  });
  const error = h('p', { class: 'error', role: 'alert' }, problem ?? '');
  error.hidden = problem === undefined;
  const form = h(
    'form',
    { class: 'card home', novalidate: true },
    h('h1', {}, 'ScaleMeet'),
    h('p', { class: 'lead' }, 'Start or join a meeting by its room name.'),
    input,
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'home.go' }, 'Start meeting'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = input.value.trim().replace(/\s+/g, '-');
    if (!isValidRoomName(room)) {
      error.textContent = `“${room}” cannot be a room name. ${ROOM_RULE}`;
      error.hidden = false;
      return;
    }
    location.assign(`/${encodeURIComponent(room)}${location.search}`);
  });
  return h('main', { class: 'screen centered' }, form);
}

export function invalidRoomMessage(room: string): string {
  return `“${room}” is not a valid room name. ${ROOM_RULE}`;
}
