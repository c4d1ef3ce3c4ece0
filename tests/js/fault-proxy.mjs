// A TCP proxy on loopback that injects faults, connection by connection (the JavaScript twin of
// crates/dossier-client/tests/faults.rs): `plan[n]` applies to the n-th connection, the last
// entry to every later one. Counts connections and the bytes that went up to the server.
import net from 'node:net';

/** 'drop' | '503' | 'lose-response' | 'forward' | { cutAfter: bytes } */
export async function faultProxy(target, plan) {
  const [host, port] = new URL(target).host.split(':');
  const stats = { connections: 0, up: 0 };
  const sockets = new Set();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const fault = plan[Math.min(stats.connections, plan.length - 1)];
    stats.connections += 1;
    if (fault === 'drop') { client.destroy(); return; }
    if (fault === '503') {
      client.once('data', () => client.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\ncontent-type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'));
      return;
    }
    const upstream = net.connect(Number(port), host);
    sockets.add(upstream);
    upstream.on('close', () => { sockets.delete(upstream); client.destroy(); });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    const limit = typeof fault === 'object' ? fault.cutAfter : Infinity;
    let sent = 0;
    client.on('data', (chunk) => {
      const room = limit - sent;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sent += part.length;
      stats.up += part.length;
      upstream.write(part);
      if (sent >= limit) { upstream.destroy(); client.destroy(); }
    });
    upstream.on('data', (chunk) => {
      // The server committed and answers: the answer is lost on the way back.
      if (fault === 'lose-response') { client.destroy(); upstream.destroy(); return; }
      client.write(chunk);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}
