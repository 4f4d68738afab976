/**
 * A TCP proxy a test can cut and restore, to make the network between a
 * client and the server vanish the way real networks do:
 *
 *   cut({ mode: 'blackhole' })   nothing passes any more, nothing is closed (a laptop off Wi-Fi):
 *                                only heartbeats can tell
 *   cut({ direction: 'down' })   client → server still passes, server → client is lost
 *                                (the command arrives, its answer does not)
 *   cut({ mode: 'reset' })       every connection is reset and new ones are refused
 *   restore()                    connections cut meanwhile are dropped; new ones pass again
 *
 * While cut, new connections are held (blackhole) or reset. The upstream
 * port can be changed (a restarted server listens elsewhere).
 */
import net from 'node:net';

/** @param {{ upstreamPort: number, upstreamHost?: string, port?: number }} o */
export async function startProxy({ upstreamPort, upstreamHost = '127.0.0.1', port = 0 }) {
  /** @type {Set<{ client: net.Socket, server: net.Socket | null, cut: boolean }>} */
  const pairs = new Set();
  let cut = null; // null | { mode, direction }
  let upstream = upstreamPort;

  const drop = (p) => {
    pairs.delete(p);
    p.client.destroy();
    p.server?.destroy();
  };

  const server = net.createServer((client) => {
    client.on('error', () => {});
    client.setNoDelay(true);
    if (cut?.mode === 'reset') {
      client.resetAndDestroy?.() ?? client.destroy();
      return;
    }
    const p = { client, server: null, cut: cut !== null };
    pairs.add(p);
    const up = net.connect(upstream, upstreamHost);
    p.server = up;
    up.setNoDelay(true);
    // A close does not cross a cut either: the other side learns only from its heartbeats (or at restore).
    up.on('error', () => {});
    client.on('close', () => {
      if (!(p.cut && cut?.direction === 'both')) drop(p);
    });
    up.on('close', () => {
      if (!p.cut) drop(p);
    });
    // Data flows unless this pair is cut in that direction.
    client.on('data', (d) => {
      if (!(p.cut && cut && cut.direction === 'both')) up.write(d);
    });
    up.on('data', (d) => {
      if (!p.cut) client.write(d);
    });
  });
  server.on('error', () => {});
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    port: server.address().port,
    /** @param {{ mode?: 'blackhole' | 'reset', direction?: 'both' | 'down' }} [o] */
    cut({ mode = 'blackhole', direction = 'both' } = {}) {
      cut = { mode, direction };
      for (const p of [...pairs]) {
        if (mode === 'reset') {
          p.client.resetAndDestroy?.() ?? p.client.destroy();
          drop(p);
        } else p.cut = true;
      }
    },
    restore() {
      for (const p of [...pairs]) if (p.cut) drop(p);
      cut = null;
    },
    setUpstream(portNumber) {
      upstream = portNumber;
    },
    get connections() {
      return pairs.size;
    },
    close() {
      for (const p of [...pairs]) drop(p);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
