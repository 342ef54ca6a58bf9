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
import { PrejoinScreen, type JoinRequest } from './prejoin.js';
import { installTestApi, type ScaleMeetTestApi } from './test-api.js';

class App {
  private readonly root: HTMLElement;
  private readonly options: PageOptions;
  private readonly api: ScaleMeetTestApi;
  private meeting: { session: Session; view: MeetingView; request: JoinRequest } | null = null;

  constructor(root: HTMLElement, options: PageOptions, api: ScaleMeetTestApi) {
    this.root = root;
    this.options = options;
    this.api = api;
  }

  start(path: string): void {
    // Closing or leaving the page leaves the meeting at once (`leave`, then a close frame): without it the focus
    // could take a socket torn down with the page for a dropped one and keep the participant for a resume.
    window.addEventListener('pagehide', () => this.meeting?.session.leave());
    const room = roomFromPath(path);
    if (room === '') this.show(homeScreen());
    else if (!isValidRoomName(room)) this.show(homeScreen(invalidRoomMessage(room)));
    else this.showPrejoin(room);
  }

  private showPrejoin(room: string): void {
    document.title = `${room} | ScaleMeet`;
    const prejoin = new PrejoinScreen(room, this.options, {
      join: (request, stream) => this.join(room, request, stream),
    });
    this.show(prejoin.element);
  }

  /**
   * Joins with `stream` (and the meeting link's token), shows the meeting on success; on failure
   * leaves the caller's screen up.
   */
  private async join(room: string, request: JoinRequest, stream: MediaStream): Promise<void> {
    const token = this.options.token;
    const session = new Session({
      url: this.api.signalingUrl,
      room,
      displayName: request.displayName,
      stream,
      simulcast: this.options.simulcast,
      ...(request.password === undefined ? {} : { password: request.password }),
      ...(token === null ? {} : { token }),
    });
    const view = new MeetingView(session, { onHangup: () => this.hangUp() }, { lastN: this.options.lastN });
    try {
      await session.join();
    } catch (err) {
      view.dispose();
      throw err;
    }
    this.meeting = { session, view, request };
    this.api.session = session;
    this.api.meetingView = view;
    session.on('stateChanged', (state) => {
      if (state === 'failed') this.endMeeting(room, request, 'The connection to the server was lost.');
    });
    this.show(view.element);
    view.showLocal();
  }

  private hangUp(): void {
    const meeting = this.meeting;
    if (meeting === null) return;
    this.endMeeting(meeting.session.room, meeting.request);
  }

  private endMeeting(room: string, request: JoinRequest, reason?: string): void {
    const meeting = this.meeting;
    if (meeting === null) return;
    this.meeting = null;
    this.api.session = null;
    this.api.meetingView = null;
    meeting.session.leave();
    meeting.view.dispose();
    stopStream(meeting.session.stream);
    this.show(leftScreen(room, { rejoin: () => this.rejoin(room, request) }, reason));
  }

  private async rejoin(room: string, request: JoinRequest): Promise<void> {
    const stream = await openCamera(this.options);
    try {
      await this.join(room, request, stream);
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
