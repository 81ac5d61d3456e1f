// The objects VRRP instances track, declared at the root: vrrp_script, track_file (alias vrrp_track_file) and
// vrrp_track_process.
import type { BuildContext } from '../parser/build-context';
import type { KeywordDef } from '../parser/keyword-tree';
import { trackFileKeyword } from './trackers/track-file';
import { trackProcessKeyword } from './trackers/track-process';
import { vrrpScriptKeyword } from './trackers/vrrp-script';

export function trackerKeywords(ctx: BuildContext): KeywordDef[] {
  return [vrrpScriptKeyword(ctx), trackFileKeyword(ctx), trackProcessKeyword(ctx)];
}
