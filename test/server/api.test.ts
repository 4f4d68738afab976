/**
 * The reference server's HTTP API and its refusals, against a real process:
 * tokens (401 with nothing that says why), bounded bodies, the calls of
 * PROTOCOL.md, and a WebSocket frame over 64 KiB answered with too-large.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Contact, Settings } from '../../src/services/protocol/index.js';
import type { EngineState } from '../../engine/index.js';
import { Client, until } from '../transports/client.js';
import { FAST, api, startServer } from '../transports/harnesses.js';
import { WebSocketTransport } from '../../src/services/transports/websocket.js';

describe('reference server: HTTP API', function () {
  this.timeout(60_000);
  let server: Awaited<ReturnType<typeof startServer>>;
  let call: ReturnType<typeof api>;
  before(async () => {
    server = await startServer({ agents: 2 });
    call = api(server);
  });
  after(async () => {
    await executeServerCommand('omni-server-stop', { id: server.id });
  });

  it('refuses a missing or wrong token with an empty 401, on the API and on the command endpoint', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${server.agents[0].token}` }];
    for (const headers of variants) {
      const res = await fetch(`${server.url}/api/state`, { headers });
      expect(res.status).to.equal(401);
      expect(await res.text()).to.equal('');
    }
    const res = await fetch(`${server.url}/commands?stream=x`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } });
    expect(res.status).to.equal(401);
  });

  it('creates conversations, sets presence, keeps contacts and merges settings field by field', async () => {
    const { conversationId } = await call<{ conversationId: string }>('POST', '/api/conversations', { channel: 'chat', customer: { name: 'Dana' }, comment: 'Hi' });
    await call('POST', '/api/agents/a2/presence', { presence: 'away' });
    const { id } = await call<{ id: string }>('POST', '/api/contacts', { name: 'Maria Campbell', mobilePhone: '+1 425 555 0100' });
    const settings = await call<Settings>('PUT', '/api/settings', { templates: { chat: { timeoutSec: 30 } } });

    const state = await call<EngineState>('GET', '/api/state');
    expect(state.conversations.find((c) => c.id === conversationId)?.status).to.equal('queued');
    expect(state.agents.find((a) => a.id === 'a2')).to.include({ presence: 'away', connected: false });
    expect((await call<Contact[]>('GET', '/api/contacts')).find((c) => c.id === id)?.name).to.equal('Maria Campbell');
    expect(settings.templates.chat).to.include({ timeoutSec: 30, showTimeout: true, allowReject: true });
    expect((await call<Settings>('GET', '/api/settings')).templates.chat.timeoutSec).to.equal(30);
  });

  it('keeps a reject’s decline reason in the conversation history, and refuses one not configured', async () => {
    await call('PUT', '/api/settings', { rejectReasons: ['Wrong skill', 'Busy'] });
    const a1 = server.agents[0];
    const client = new Client(new WebSocketTransport({ url: `${server.url.replace(/^http/, 'ws')}/ws`, token: a1.token, ...FAST }));
    try {
      await client.ready();
      const { conversationId } = await call<{ conversationId: string }>('POST', '/api/conversations', { channel: 'chat', customer: { name: 'Rae' }, agentId: a1.id });
      const offer = await until(() => client.offers.find((o) => o.conversationId === conversationId), 'the offer');
      const refused = await client.center.reject(offer.offerId, 'Lunch').then(() => null, (e: { code: string }) => e.code);
      expect(refused).to.equal('bad-message');
      await client.center.reject(offer.offerId, 'Wrong skill');

      const state = await call<EngineState>('GET', '/api/state');
      const history = state.conversations.find((c) => c.id === conversationId)!.history;
      expect(history.find((e) => e.event === 'rejected')).to.deep.include({ agentId: a1.id, reason: 'Wrong skill' });
    } finally {
      client.transport.disconnect();
      await call('PUT', '/api/settings', { rejectReasons: [] });
    }
  });

  it('resets a presence the supervisor’s way with {reset: true}: back to the last presence the system set', async () => {
    await call('POST', '/api/agents/a2/presence', { presence: 'busy' });
    await call('POST', '/api/agents/a2/presence', { reset: true });
    const state = await call<EngineState>('GET', '/api/state');
    expect(state.agents.find((a) => a.id === 'a2')).to.include({ presence: 'busy' });
  });

  it('answers bad input with 400/404/413 and a code, and keeps serving', async () => {
    const post = (path: string, body: string) =>
      fetch(server.url + path, { method: 'POST', body, headers: { authorization: `Bearer ${server.apiToken}` } });
    const cases: [string, string, number, string][] = [
      ['/api/conversations', '{bad', 400, 'bad-json'],
      ['/api/conversations', '{"channel":""}', 400, 'bad-message'],
      ['/api/agents/nobody/presence', '{"presence":"away"}', 404, 'unknown-agent'],
      ['/api/agents/a1/presence', '{"presence":"asleep"}', 400, 'bad-message'],
      ['/api/conversations', JSON.stringify({ channel: 'chat', customer: {}, comment: 'x'.repeat(70_000) }), 413, 'too-large'],
    ];
    for (const [path, body, status, code] of cases) {
      const res = await post(path, body);
      expect([path, res.status]).to.deep.equal([path, status]);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal(code);
    }
    expect(await (await fetch(`${server.url}/healthz`)).text()).to.equal('ok');
  });

  it('closes a WebSocket with a wrong token with 4401, and answers a frame over 64 KiB with too-large', async () => {
    const bad = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=nope`);
    const code = await new Promise<number>((r) => (bad.onclose = (e) => r(e.code)));
    expect(code).to.equal(4401);

    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${server.agents[0].token}`);
    const got: { type: string; code?: string }[] = [];
    ws.onmessage = (e) => got.push(JSON.parse(String(e.data)));
    await until(() => got.length > 0, 'hello');
    ws.send(JSON.stringify({ v: 1, type: 'ping', commandId: 'big', clientTime: 1, pad: 'x'.repeat(70 * 1024) }));
    await until(() => got.some((m) => m.type === 'error'), 'an error');
    expect(got.find((m) => m.type === 'error')?.code).to.equal('too-large');
    expect(ws.readyState).to.equal(WebSocket.OPEN);
    ws.close();
  });
});
