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
 */

import type { Participant } from '../protocol.js';
import { Session, SessionError, type InboundStat, type OutboundStat } from '../session.js';

export interface ScaleMeetTestApi {
  session: Session | null;
  readonly Session: typeof Session;
  readonly SessionError: typeof SessionError;
  readonly signalingUrl: string;
  inboundStats(): Promise<InboundStat[]>;
  outboundStats(): Promise<OutboundStat[]>;
  participants(): Participant[];
}

declare global {
  interface Window {
    scaleMeet: ScaleMeetTestApi;
  }
}

export function installTestApi(signalingUrl: string): ScaleMeetTestApi {
  const api: ScaleMeetTestApi = {
    session: null,
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
  };
  window.scaleMeet = api;
  return api;
}
