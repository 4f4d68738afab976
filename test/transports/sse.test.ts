import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { SseTransport } from '../../src/services/transports/sse.js';
import { Client, until } from './client.js';
import { runConformance } from './conformance.js';
import { FAST, api, proxyTo, serverHarnessFactory, startServer } from './harnesses.js';

runConformance('SSE + POST (reference server process, TCP proxy)', serverHarnessFactory('sse'), { restart: true });

describe('SseTransport: Last-Event-ID resume', function () {
  this.timeout(60_000);

  it('resumes the same stream after a short drop: what was missed is replayed, no second hello', async () => {
    const server = await startServer();
    const proxy = await proxyTo(server.port);
    const c = new Client(new SseTransport({ url: `http://127.0.0.1:${proxy.port}/events`, token: server.agents[0].token, ...FAST }));
    try {
      await c.ready();

      await executeServerCommand('omni-proxy-cut', { id: proxy.id, mode: 'reset' });
      await until(() => c.connection === 'reconnecting', 'the drop to be noticed');
      const { conversationId } = await api(server)<{ conversationId: string }>('POST', '/api/conversations', { channel: 'chat', customer: { name: 'Gus' }, agentId: 'a1' });
      await executeServerCommand('omni-proxy-restore', { id: proxy.id });
      await c.offerFor(conversationId);

      expect(c.of('hello')).to.have.length(1);
      expect(c.states.map((s) => s.state)).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
    } finally {
      c.close();
      await executeServerCommand('omni-proxy-stop', { id: proxy.id });
      await executeServerCommand('omni-server-stop', { id: server.id });
    }
  });
});
