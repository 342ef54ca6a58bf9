/*
 * window.scaleMeet: what end-to-end tests (Playwright's page.evaluate) reach.
 *
 *   session            the page's Session while in a meeting, else null
 *   Session            the class, to open extra sessions in the same page:
 *                        const s = new scaleMeet.Session({ url: scaleMeet.signalingUrl, room, displayName, stream });
 *                        await s.join();
 *   signalingUrl       the signaling WebSocket of this server
 *   inboundStats()     received remote tracks of the page's session ([] outside a meeting)
 *   outboundStats()    sent local tracks of the page's session ([] outside a meeting)
 *   participants()     everyone in the meeting, this participant first ([] outside a meeting)
 *   setStage(id|null)  puts a remote participant on stage (stage view) or goes back to tile view,
 *                      like clicking the tile; throws for an unknown id or outside a meeting
 *   lastReceiverConstraints()  the last receiverConstraints the page's session sent, or null
 *   dominantSpeaker()  the participant id the focus last named as speaking, or null
 *   moderator()        whether the page's participant may lock the room (false outside a meeting)
 *   locked()           whether the room has a password (false outside a meeting)
 *   moves()            how many `moved` messages the page's session handled (0 outside a meeting);
 *   resumes()          how many dropped signaling connections the page's session resumed;
 *                      inboundStats()/outboundStats() always read the current peer connections,
 *                      so after a move they report the new ones ([] until the new bridge's first
 *                      subscribe offer), their counters starting again from 0
 *   reconnecting()     whether media is being re-established after a move (media.reconnecting shows)
 *
 * Headless sessions send their own constraints: session.setReceiverConstraints({ lastN: -1,
 * onStage: [], defaultMaxHeight: 180, constraints: { [id]: { maxHeight: 720 } } }).
 */

import type { Participant } from '../protocol.js';
import { Session, SessionError, type InboundStat, type OutboundStat, type ReceiverConstraints } from '../session.js';

/** What the test API needs of the meeting view. */
export interface StageControl {
  setStage(participantId: string | null): void;
}

export interface ScaleMeetTestApi {
  session: Session | null;
  readonly Session: typeof Session;
  readonly SessionError: typeof SessionError;
  readonly signalingUrl: string;
  inboundStats(): Promise<InboundStat[]>;
  outboundStats(): Promise<OutboundStat[]>;
  participants(): Participant[];
  setStage(participantId: string | null): void;
  lastReceiverConstraints(): ReceiverConstraints | null;
  dominantSpeaker(): string | null;
  moderator(): boolean;
  locked(): boolean;
  moves(): number;
  resumes(): number;
  reconnecting(): boolean;
  /** The meeting view while in a meeting (set by the page), else null. */
  meetingView: StageControl | null;
}

declare global {
  interface Window {
    scaleMeet: ScaleMeetTestApi;
  }
}

export function installTestApi(signalingUrl: string): ScaleMeetTestApi {
  const api: ScaleMeetTestApi = {
    session: null,
    meetingView: null,
    Session,
    SessionError,
    signalingUrl,
    inboundStats: async () => (api.session === null ? [] : api.session.inboundStats()),
    outboundStats: async () => (api.session === null ? [] : api.session.outboundStats()),
    participants: () => {
      const session = api.session;
      const local = session?.localParticipant() ?? null;
      if (session === null || local === null) return [];
      return [local, ...session.remoteParticipants()];
    },
    setStage: (participantId) => {
      if (api.meetingView === null) throw new Error('not in a meeting');
      api.meetingView.setStage(participantId);
    },
    lastReceiverConstraints: () => api.session?.lastReceiverConstraints ?? null,
    dominantSpeaker: () => api.session?.dominantSpeaker ?? null,
    moderator: () => api.session?.moderator ?? false,
    locked: () => api.session?.locked ?? false,
    moves: () => api.session?.moves ?? 0,
    resumes: () => api.session?.resumes ?? 0,
    reconnecting: () => api.session?.reconnecting ?? false,
  };
  window.scaleMeet = api;
  return api;
}
