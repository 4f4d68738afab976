import { expect } from '@open-wc/testing';
import { RoutingEngine } from '../../engine/index.js';
import { MemoryTransport } from '../../src/services/transports/memory.js';
import { SseTransport } from '../../src/services/transports/sse.js';
import { WebSocketTransport } from '../../src/services/transports/websocket.js';
import { createTransportFromQuery, serverApiFromQuery, transportChoice } from '../../demo/connect.js';

const at = (search: string) => ({ search, origin: 'http://127.0.0.1:8787' });

describe('demo/connect.ts: the transport from the address', () => {
  it('defaults to memory, and falls back to it for anything it cannot use', () => {
    for (const q of ['', '?transport=memory', '?transport=carrier-pigeon&token=t', '?transport=ws', '?transport=ws&token=t&server=javascript:alert(1)', '?transport=sse&token=t&server=not a url']) {
      expect(transportChoice(at(q)).kind, q).to.equal('memory');
    }
  });

  it('reads ws and sse with a token, the server defaulting to the page origin', () => {
    expect(transportChoice(at('?transport=ws&token=abc'))).to.deep.equal({ kind: 'ws', server: 'http://127.0.0.1:8787', token: 'abc' });
    expect(transportChoice(at('?transport=SSE&token=abc&server=https://crm.example/omni'))).to.deep.equal({ kind: 'sse', server: 'https://crm.example', token: 'abc' });
    expect(transportChoice(at('?transport=ws&token=abc&server=wss://crm.example'))).to.deep.equal({ kind: 'ws', server: 'https://crm.example', token: 'abc' });
  });

  it('makes the matching transport', () => {
    const engine = new RoutingEngine();
    try {
      expect(createTransportFromQuery(at(''), engine)).to.be.instanceOf(MemoryTransport);
      expect(createTransportFromQuery(at('?transport=ws&token=t'), engine)).to.be.instanceOf(WebSocketTransport);
      expect(createTransportFromQuery(at('?transport=sse&token=t'), engine)).to.be.instanceOf(SseTransport);
      expect(serverApiFromQuery(at(''))).to.equal(null);
      expect(serverApiFromQuery(at('?transport=ws&token=t'), () => 'x')).to.be.a('function');
    } finally {
      engine.dispose();
    }
  });

  it('never takes the API token from the address: config or prompt only', async () => {
    const fetched: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      fetched.push(new Headers(init?.headers).get('authorization') ?? '');
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      const noToken = serverApiFromQuery(at('?transport=ws&token=t&apiToken=from-the-url'), () => null)!;
      let error = '';
      await noToken('GET', '/api/state').catch((e: Error) => (error = e.message));
      expect(error).to.include('no API token');
      expect(fetched).to.deep.equal([]);
      const configured = serverApiFromQuery(at('?transport=ws&token=t&apiToken=from-the-url'), () => 'from-config')!;
      await configured('GET', '/api/state');
      expect(fetched).to.deep.equal(['Bearer from-config']);
    } finally {
      window.fetch = realFetch;
    }
  });
});
