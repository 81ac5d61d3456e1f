// Turning RTM_NEWLINK / RTM_DELLINK into link events. The kernel sends RTM_NEWLINK both when a link appears and
// for every change of an existing one (often several per change: IFF_UP, then IFF_RUNNING when the carrier comes),
// so the events are derived by comparing with the last known state of that index: added, up/down (keepalived's
// IF_FLAGS_UP, i.e. IFF_UP and IFF_RUNNING), other changes, or nothing when only counters moved.
import { LinkInfo, linkIsUp, NetlinkEvent } from './types';

type LinkEvent = Extract<NetlinkEvent, { link: LinkInfo }>;

function sameLink(a: LinkInfo, b: LinkInfo): boolean {
  return a.name === b.name && a.up === b.up && a.running === b.running && a.lowerUp === b.lowerUp && a.mac === b.mac &&
    a.mtu === b.mtu && a.kind === b.kind && a.operstate === b.operstate && a.master === b.master && a.parent === b.parent;
}

/** The events one link message means, given the known links; updates `known` accordingly. */
export function linkEvents(known: Map<number, LinkInfo>, link: LinkInfo, removed: boolean): LinkEvent[] {
  const prev = known.get(link.index);
  if (removed) {
    known.delete(link.index);
    return [{ type: 'link-removed', link }];
  }
  known.set(link.index, link);
  if (!prev) return [{ type: 'link-added', link }];
  const wasUp = linkIsUp(prev);
  const isUp = linkIsUp(link);
  if (!wasUp && isUp) return [{ type: 'link-up', link }];
  if (wasUp && !isUp) return [{ type: 'link-down', link }];
  return sameLink(prev, link) ? [] : [{ type: 'link-changed', link, previous: prev }];
}
