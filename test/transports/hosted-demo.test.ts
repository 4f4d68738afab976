/**
 * demo/hosted.html end to end: the USD-style shell in an iframe, the widget in
 * its hosted-control iframe, bridged by postMessage to the shell's in-page
 * engine. A simulated chat shows up as an alert inside the hosted control;
 * accepting it there opens the conversation in the shell's chat window.
 */
import { expect } from '@open-wc/testing';
import { button, deepQuery, settle } from '../helpers.js';
import { until } from './client.js';

describe('demo/hosted.html: shell ↔ hosted control over postMessage', function () {
  this.timeout(60_000);
  let frame: HTMLIFrameElement;

  afterEach(() => frame?.remove());

  it('an alert raised in the shell appears in the hosted control; accepting it opens the chat window', async () => {
    frame = document.createElement('iframe');
    frame.style.width = '1200px';
    frame.style.height = '800px';
    frame.src = new URL('../../demo/hosted.html', import.meta.url).href;
    document.body.append(frame);
    const shell = await until(() => frame.contentDocument?.querySelector('.hosted iframe') && frame.contentDocument, 'the shell');
    const widgetFrame = shell.querySelector<HTMLIFrameElement>('.hosted iframe')!;
    const widget = await until(() => widgetFrame.contentDocument?.querySelector('omni-notification-host') && widgetFrame.contentDocument, 'the widget');
    // Through its shadow root: the helpers' `instanceof Element` does not hold across frames.
    const host = widget.querySelector('omni-notification-host')!.shadowRoot!;
    await until(() => shell.querySelector('.status')?.textContent?.includes('open'), 'the shell transport to open');

    button(shell, 'Simulate chat')!.click();
    await until(() => deepQuery(host, 'omni-alert'), 'an alert in the hosted control');
    await settle(host as unknown as ParentNode);
    button(host, 'Accept')!.click();

    const article = await until(() => shell.querySelector('article[aria-label="Conversation"]'), 'the chat window');
    expect(article.querySelector('h2')?.textContent?.trim()).to.not.equal('');
    expect(shell.querySelectorAll('nav[aria-label="Sessions"] button')).to.have.length(1);
    await until(() => !deepQuery(host, 'omni-alert'), 'the alert to go');
  });
});
