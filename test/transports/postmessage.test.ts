import { expect } from '@open-wc/testing';
import { RoutingEngine } from '../../engine/index.js';
import { MemoryTransport } from '../../src/services/transports/memory.js';
import { PostMessageTransport, createPostMessageBridge, type PostMessageTransportOptions } from '../../src/services/transports/postmessage.js';
import type { ProtocolError } from '../../src/services/protocol/index.js';
import { Client, until } from './client.js';
import { runConformance } from './conformance.js';
import { postMessageHarness, widgetFrame } from './harnesses.js';

runConformance('postMessage (iframe ↔ bridge ↔ memory)', postMessageHarness);

type FrameWindow = Window & { omniMakeTransport?: (o: PostMessageTransportOptions) => PostMessageTransport };
const fixture = (query = '') => new URL(`./fixtures/pm-frame.html${query}`, import.meta.url).href;
/** This page's origin spelled the other way (localhost ↔ 127.0.0.1): same server, another origin. */
const otherOrigin = () => location.origin.replace(location.hostname, location.hostname === 'localhost' ? '127.0.0.1' : 'localhost');

describe('postMessage transport and bridge: origins', function () {
  this.timeout(60_000);
  let engine: RoutingEngine;
  const cleanup: (() => void)[] = [];

  beforeEach(() => {
    engine = new RoutingEngine();
    engine.addAgent({ id: 'a1', name: 'Ann' });
  });
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
    engine.dispose();
  });

  /** A widget frame bridged to the engine; `widgetOrigins` is what the widget allows for its shell. */
  async function bridged(widgetOrigins = [location.origin]) {
    const iframe = await widgetFrame();
    const shellErrors: ProtocolError[] = [];
    const shell = new MemoryTransport(engine, 'a1');
    const bridge = createPostMessageBridge({ iframe, allowedOrigins: [location.origin], transport: shell, onError: (e) => shellErrors.push(e) });
    const w = iframe.contentWindow as FrameWindow;
    await until(() => w.omniMakeTransport, 'the widget frame script');
    const c = new Client(w.omniMakeTransport!({ allowedOrigins: widgetOrigins, handshakeMs: 20 }));
    cleanup.push(() => {
      c.close();
      bridge.close();
      iframe.remove();
    });
    return { iframe, c, shell, shellErrors };
  }

  it('refuses "*" and anything but exact origins, at construction', () => {
    const transport = new MemoryTransport(engine, 'a1');
    const iframe = document.createElement('iframe');
    for (const allowedOrigins of [['*'], [], ['https://shell.example/path'], ['shell.example']]) {
      expect(() => new PostMessageTransport({ allowedOrigins }), JSON.stringify(allowedOrigins)).to.throw(TypeError);
      expect(() => createPostMessageBridge({ iframe, allowedOrigins, transport }), JSON.stringify(allowedOrigins)).to.throw(TypeError);
    }
    expect(() => new PostMessageTransport({ allowedOrigins: ['https://shell.example'] })).not.to.throw();
  });

  it('the widget ignores and reports a message from a window other than its shell', async () => {
    const { c } = await bridged();
    await c.ready();

    const rogue = await widgetFrame(fixture(`?rogue=${encodeURIComponent(location.origin)}&kind=state&sibling=0`));
    cleanup.push(() => rogue.remove());

    await until(() => c.errors.some((e) => e.code === 'origin-refused'), 'an origin-refused report');
    expect(c.errors.map((e) => e.code)).to.deep.equal(['origin-refused']);
    expect(c.connection).to.equal('open');
  });

  it('the widget ignores and reports its shell window when the origin is not allowed', async () => {
    const { iframe, c } = await bridged(['https://shell.example']);
    const before = c.states.length;

    iframe.contentWindow!.postMessage({ omni: 'omni-notify', channel: 'default', kind: 'state', conn: 'x', state: 'open' }, '*');

    await until(() => c.errors.length > 0, 'a report');
    expect(c.errors.map((e) => e.code)).to.deep.equal(['origin-refused']);
    expect(c.states.length).to.equal(before);
  });

  it('the bridge ignores and reports its own frame when it comes from an origin not allowed', async () => {
    const shellErrors: ProtocolError[] = [];
    const shell = new MemoryTransport(engine, 'a1');
    const foreign = document.createElement('iframe');
    foreign.src = fixture(`?rogue=${encodeURIComponent(location.origin)}`).replace(location.origin, otherOrigin());
    const bridge = createPostMessageBridge({ iframe: foreign, allowedOrigins: [location.origin], transport: shell, onError: (e) => shellErrors.push(e) });
    cleanup.push(() => {
      bridge.close();
      foreign.remove();
    });
    document.body.append(foreign);

    await until(() => shellErrors.length > 0, 'a report from the bridge');
    expect(shellErrors.map((e) => e.code)).to.deep.equal(['origin-refused']);
    expect(shellErrors[0].message).to.contain('origin not allowed');
    expect(shell.state).to.equal('closed');
  });

  it('a widget that connects again (reloaded) gets a fresh hello; the old one hears closed', async () => {
    const { iframe, c } = await bridged();
    await c.ready();
    const w = iframe.contentWindow as FrameWindow;

    const again = new Client(w.omniMakeTransport!({ allowedOrigins: [location.origin], handshakeMs: 20 }));
    cleanup.push(() => again.close());
    await again.ready();

    await until(() => c.connection === 'closed', 'the old connection to close');
    expect(again.of('hello')).to.have.length(1);
  });
});
