/*
 * The page: home (`/`) → prejoin (`/<room>`) → meeting → left. One meeting at a time; the
 * screens know nothing of each other, this file moves between them.
 */

import { isValidRoomName } from '../protocol.js';
import { Session } from '../session.js';
import { homeScreen, invalidRoomMessage } from './home.js';
import { leftScreen } from './left.js';
import { openCamera, stopStream } from './media.js';
import { MeetingView } from './meeting.js';
import { readOptions, roomFromPath, signalingUrl, type PageOptions } from './options.js';
import { PrejoinScreen } from './prejoin.js';
import { installTestApi, type ScaleMeetTestApi } from './test-api.js';

class App {
  private readonly root: HTMLElement;
  private readonly options: PageOptions;
  private readonly api: ScaleMeetTestApi;
  private meeting: { session: Session; view: MeetingView } | null = null;

  constructor(root: HTMLElement, options: PageOptions, api: ScaleMeetTestApi) {
    this.root = root;
    this.options = options;
    this.api = api;
  }

  start(path: string): void {
    const room = roomFromPath(path);
    if (room === '') this.show(homeScreen());
    else if (!isValidRoomName(room)) this.show(homeScreen(invalidRoomMessage(room)));
    else this.showPrejoin(room);
  }

  private showPrejoin(room: string): void {
    document.title = `${room} | ScaleMeet`;
    const prejoin = new PrejoinScreen(room, this.options, {
      join: (displayName, stream) => this.join(room, displayName, stream),
    });
    this.show(prejoin.element);
  }

  /** Joins with `stream`, shows the meeting on success; on failure leaves the caller's screen up. */
  private async join(room: string, displayName: string, stream: MediaStream): Promise<void> {
    const session = new Session({ url: this.api.signalingUrl, room, displayName, stream, simulcast: this.options.simulcast });
    const view = new MeetingView(session, { onHangup: () => this.hangUp() }, { lastN: this.options.lastN });
    try {
      await session.join();
    } catch (err) {
      view.dispose();
      throw err;
    }
    this.meeting = { session, view };
    this.api.session = session;
    this.api.meetingView = view;
    session.on('stateChanged', (state) => {
      if (state === 'failed') this.endMeeting(room, displayName, 'The connection to the server was lost.');
    });
    this.show(view.element);
    view.showLocal();
  }

  private hangUp(): void {
    const meeting = this.meeting;
    if (meeting === null) return;
    this.endMeeting(meeting.session.room, meeting.session.displayName);
  }

  private endMeeting(room: string, displayName: string, reason?: string): void {
    const meeting = this.meeting;
    if (meeting === null) return;
    this.meeting = null;
    this.api.session = null;
    this.api.meetingView = null;
    meeting.session.leave();
    meeting.view.dispose();
    stopStream(meeting.session.stream);
    this.show(leftScreen(room, { rejoin: () => this.rejoin(room, displayName) }, reason));
  }

  private async rejoin(room: string, displayName: string): Promise<void> {
    const stream = await openCamera(this.options);
    try {
      await this.join(room, displayName, stream);
    } catch (err) {
      stopStream(stream);
      throw err;
    }
  }

  private show(screen: HTMLElement): void {
    this.root.replaceChildren(screen);
    screen.querySelector<HTMLElement>('[autofocus]')?.focus();
  }
}

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
const api = installTestApi(signalingUrl(location));
new App(root, readOptions(location.search), api).start(location.pathname);
