/**
 * keyedList (src/internal/keyed-list.ts) removes the end marker lit-html
 * 3.3.x leaves behind for each removed item (lit/lit#5298), in Lit's
 * development build (what the test runner serves) and in its production build
 * (what an application bundles, and the soak bench: npm run bench:soak).
 */
import { expect, html as devHtml } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { render as devRender } from 'lit';
import { keyedList as devKeyedList } from '../../src/internal/keyed-list.js';

type Lit = { html: typeof devHtml; render: typeof devRender; keyedList: typeof devKeyedList };

async function productionLit(): Promise<Lit> {
  const code = await executeServerCommand<string, { entry: string }>('omni-production-bundle', { entry: 'test/elements/keyed-list-production.ts' });
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    return (await import(/* @vite-ignore */ url)) as Lit;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Items come and go one at a time, as offers do in a working day; the container's comment nodes after each round. */
function comments({ html, render, keyedList }: Lit, rounds: number): number[] {
  const container = document.createElement('div');
  document.body.append(container);
  const show = (items: number[]) => render(html`<p>${keyedList(items, (i) => i, (i) => html`<span>${i}</span>`)}</p>`, container);
  const counts: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      show([r]);
      show([r, r + 1000]);
      show([]);
      const p = container.querySelector('p')!;
      counts.push([...p.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length);
    }
  } finally {
    container.remove();
  }
  return counts;
}

describe('keyedList', () => {
  it('leaves no marker behind per removed item with Lit in development mode', () => {
    const counts = comments({ html: devHtml, render: devRender, keyedList: devKeyedList }, 10);
    expect(counts.at(-1)).to.equal(counts[0]);
  });

  it('leaves no marker behind per removed item with Lit in production mode', async () => {
    const counts = comments(await productionLit(), 10);
    expect(counts.at(-1)).to.equal(counts[0]); // was +2 a round: 20 more after 10 rounds
  });
});
