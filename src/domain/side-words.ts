/**
 * The same event, worded for the side that reads it. An apply's detail is written by the
 * destination, for its own log ("your copy was edited here"); the source logs and shows it too,
 * where "here" would name the wrong space. Each side's words for the other: "the copy in Partner
 * Docs on globex.atlassian.net … there" at the source. Pure, no I/O.
 */
import type { PeerRef } from './sync';

/** "globex.atlassian.net": a site as people name it (its host, without the scheme), as the UI's siteHost does. */
export function siteHost(siteUrl: string): string {
  return siteUrl.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** "Partner Docs on globex.atlassian.net": where the other side is, as a person names it. */
export function placeOf(peer: Pick<PeerRef, 'site' | 'space'> | undefined): string {
  return peer ? `${peer.space.name} on ${siteHost(peer.site.url)}` : 'the other space';
}

/** The destination's phrases that speak of its own space, and what the source says instead. */
const DESTINATION_PHRASES: Array<[RegExp, (place: string) => string]> = [
  [/\bYour copy((?: \([^)]*\))?) (had been|was) edited here\b/g, (place) => `The copy in ${place}$1 $2 edited there`],
  [/\byour copy((?: \([^)]*\))?) (had been|was) edited here\b/g, (place) => `the copy in ${place}$1 $2 edited there`],
  [/\bof the original waits for review on the copy’s page \(••• → Space Sync\)/g, () => 'of this page waits for review on the copy’s page'],
  [/\bstays in the page history\b/g, () => 'stays in its page history'],
  [/\bkeeps destination changes\b/g, () => 'keeps the destination’s changes'],
  [/^Archived here, as the original is\.$/, (place) => `Archived in ${place}, as the original is.`],
  [/\bthat this sync did not create exists here\b/g, (place) => `that this sync did not create exists in ${place}`],
  [/\bthe copy is in this space’s trash\b/g, (place) => `the copy is in the trash of ${place}`],
];

/** An apply's detail from the destination, as the source's log and page action say it. */
export function sourceSideDetail(detail: string, peer: Pick<PeerRef, 'site' | 'space'> | undefined): string {
  const place = placeOf(peer);
  return DESTINATION_PHRASES.reduce((text, [phrase, words]) => text.replace(phrase, words(place)), detail);
}
