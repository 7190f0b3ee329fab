// A TCP proxy a test can cut and restore: the app reaches the real PostgreSQL through it, so a
// test takes the database away from one app without stopping the server other tests use.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Resets every open connection and refuses new ones (as a stopped server does). */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  const server = net.createServer((down) => {
    const up = net.connect(targetPort, targetHost);
    for (const s of [down, up]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      // One side gone ends the other: the app sees its connection end, as on a real outage.
      s.on('error', () => (s === up ? down : up).destroy());
    }
    down.pipe(up).on('close', () => up.destroy());
    up.pipe(down).on('close', () => down.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        ok();
      });
    });
  const stop = () =>
    new Promise<void>((ok) => {
      if (!server.listening) return ok();
      server.close(() => ok());
      for (const s of open) s.resetAndDestroy();
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return { port, cut: stop, restore: () => listen(port), close: stop };
}
