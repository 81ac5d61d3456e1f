// JavaScript and PCRE2 agree on a back reference only when the group it names has certainly been matched, in the
// same pass, before the reference: JavaScript resets captures on every iteration of a repeat and lets a reference
// to an unset group match the empty string, where PCRE2 keeps the previous iteration's text and fails. Any other
// reference is reported as untranslatable rather than matched differently.
import { Node, Untranslatable } from './ast';

interface Found {
  path: Node[];
}

function walk(n: Node, path: Node[], groups: Map<number, Found>, refs: Array<{ index: number; path: Node[] }>): void {
  const here = [...path, n];
  switch (n.t) {
    case 'seq':
      for (const i of n.items) walk(i, here, groups, refs);
      return;
    case 'alt':
      for (const a of n.alts) walk(a, here, groups, refs);
      return;
    case 'group':
      if (n.kind === 'capture') groups.set(n.index, { path: here });
      walk(n.body, here, groups, refs);
      return;
    case 'look':
    case 'repeat':
      walk(n.body, here, groups, refs);
      return;
    case 'backref':
      refs.push({ index: n.index, path: here });
      return;
    default:
      return;
  }
}

export function checkBackrefs(root: Node): void {
  const groups = new Map<number, Found>();
  const refs: Array<{ index: number; path: Node[] }> = [];
  walk(root, [], groups, refs);
  for (const ref of refs) {
    const group = groups.get(ref.index);
    if (group === undefined) throw new Untranslatable(`a back reference to group ${ref.index}`);
    const gp = group.path;
    const rp = ref.path;
    let d = 0;
    while (d < gp.length && d < rp.length && gp[d] === rp[d]) d++;
    // d = first depth where the paths differ; the lowest common ancestor is at d - 1.
    if (d === gp.length) throw new Untranslatable(`a back reference to group ${ref.index} from inside it`);
    const lca = gp[d - 1];
    if (lca === undefined || lca.t !== 'seq' || lca.items.indexOf(gp[d]) >= lca.items.indexOf(rp[d])) {
      throw new Untranslatable(`a back reference to group ${ref.index}, which may be unset or from an earlier iteration there`);
    }
    for (let k = d; k < gp.length - 1; k++) {
      const a = gp[k];
      if (a.t !== 'seq' && a.t !== 'group') {
        throw new Untranslatable(`a back reference to group ${ref.index}, which is optional, repeated or inside an assertion`);
      }
    }
  }
}
