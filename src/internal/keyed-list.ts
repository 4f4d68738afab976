/**
 * `keyedList`: Lit's `repeat()` (keyed, so each alert keeps its element, its
 * focus and its state while others come and go) without the marker it leaks.
 *
 * lit-html 3.3.x's `removePart()` removes a dropped item's content and its
 * start marker but leaves its end marker (an empty comment) in the DOM, so a
 * keyed list that sees many items come and go grows by one comment node per
 * item for as long as the page lives (lit/lit#5298; the soak benchmark
 * counted about 210 an hour in the host's stack). This subclass lets
 * `repeat()` do its work, then removes the end marker of every item part
 * that is no longer in the list. Same arguments, same behaviour otherwise.
 */
import { directive, type ChildPart, type Directive, type DirectiveResult, type PartInfo } from 'lit/directive.js';
import { getCommittedValue } from 'lit/directive-helpers.js';
import { repeat } from 'lit/directives/repeat.js';

type RepeatClass = new (partInfo: PartInfo) => Directive & { render(...args: unknown[]): unknown };

// Lit does not export the class behind `repeat`; a directive result names it.
const Repeat = (repeat([], () => '') as DirectiveResult & { _$litDirective$: RepeatClass })._$litDirective$;

class KeyedList extends Repeat {
  override update(containerPart: ChildPart, args: unknown[]): unknown {
    const before = getCommittedValue(containerPart);
    const result = super.update(containerPart, args);
    const after = getCommittedValue(containerPart);
    if (Array.isArray(before) && before.length > 0) {
      const kept = new Set(Array.isArray(after) ? after : []);
      for (const part of before as ChildPart[]) {
        if (kept.has(part)) continue;
        // The public `endNode` getter, not the `_$endNode` field: Lit's production build renames that field
        // (to `_$AB`), so reading it found nothing outside dev mode and the soak bench still counted one
        // comment per removed item (210 an hour) while the dev-mode test passed.
        const end = part.endNode;
        if (end && end.nodeType === Node.COMMENT_NODE && end.parentNode) (end as Comment).remove();
      }
    }
    return result;
  }
}

/** `repeat(items, key, template)`, keyed, leaving no markers behind. */
export const keyedList = directive(KeyedList) as unknown as typeof repeat;
