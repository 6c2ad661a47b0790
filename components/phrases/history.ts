/**
 * The history of an entry's editor fields in words a reader understands, not
 * in stored field names (kindSource, pinyinOverride): each revision is told as
 * what changed since the one before it.
 */

type Fields = Record<string, unknown>;

/** Labels for fields other features may add to a revision; unknown ones are spelled out from their names. */
const LABELS: Record<string, string> = {
  translation: 'English translation',
  definition: 'definition',
  pinyinOverride: 'pinyin correction',
  status: 'status',
  score: 'score',
};

function label(key: string): string {
  return LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v.trim() : JSON.stringify(v);
}

function quote(v: string, max = 80): string {
  const chars = Array.from(v.replace(/\s+/g, ' '));
  return `“${chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('')}”`;
}

function kindWords(f: Fields): string {
  return f.kindSource === 'editor' ? `${text(f.kind)} (chosen by an editor)` : `${text(f.kind)} (found automatically)`;
}

/** The state before the first edit, in words. */
export function describeInitial(f: Fields): string[] {
  const out = [`kind: ${kindWords(f)}`];
  out.push(text(f.translation) ? `English translation: ${quote(text(f.translation))}` : 'no English translation');
  out.push(text(f.definition) ? `definition: ${quote(text(f.definition))}` : 'no definition');
  out.push(text(f.pinyinOverride) ? `pinyin corrected to ${text(f.pinyinOverride)}` : 'automatic pinyin');
  return out;
}

/** What changed from `before` to `after`, one phrase per change. */
export function describeChanges(after: Fields, before: Fields | null): string[] {
  if (!before) return describeInitial(after);
  const out: string[] = [];
  if (after.kind !== before.kind || after.kindSource !== before.kindSource) {
    if (after.kindSource === 'editor') out.push(`kind chosen by an editor: ${text(after.kind)}`);
    else out.push(`kind back to automatic (${text(after.kind)})`);
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'kind' || key === 'kindSource') continue;
    // Curation fields are carried only by curation's revisions: a field-edit revision without them changed none.
    if (!(key in after)) continue;
    if (key === 'mergedIn') {
      out.push(`took in the entry ${quote(text(after.mergedIn))} (merged into this one)`);
      continue;
    }
    if (key === 'mergedIntoId') {
      if (text(after.mergedIntoId) !== text(before.mergedIntoId) && after.mergedIntoId != null) out.push(`merged into entry ${text(after.mergedIntoId)}`);
      continue;
    }
    if (key === 'status') {
      if (text(after.status) !== text(before.status ?? 'candidate')) out.push(`status: ${text(after.status)}`);
      continue;
    }
    const a = text(after[key]);
    const b = text(before[key]);
    if (a === b) continue;
    if (key === 'pinyinOverride') {
      out.push(a ? `pinyin corrected to ${a}` : 'pinyin correction removed (automatic reading again)');
    } else if (!b) out.push(`${label(key)} added: ${quote(a)}`);
    else if (!a) out.push(`${label(key)} removed`);
    else out.push(`${label(key)} changed to ${quote(a)}`);
  }
  return out.length > 0 ? out : ['saved without changes'];
}

const NOTE_ACTIONS: Record<string, string> = { create: 'written', edit: 'edited', delete: 'deleted' };

/** A note revision's action in words. */
export function noteAction(action: string): string {
  return NOTE_ACTIONS[action] ?? action;
}

/**
 * Each revision of an entry's fields (newest first) told as what changed since
 * the one before it, by version; the snapshot taken before the first edit is
 * told as the initial state.
 */
export function fieldHistoryWords(revisions: Array<{ version: number; author: string; data: Fields }>): Map<number, string[]> {
  return new Map(
    revisions.map((r, i) => {
      const before = revisions[i + 1]?.data ?? null;
      const initial = r.author === '(before editing)' || before === null;
      return [r.version, describeChanges(r.data, initial ? null : before)];
    }),
  );
}
