import { createServer, type Server } from "node:net";

/**
 * Ports the OS reports free right now, found by binding port 0 on loopback. All listeners stay
 * open until every port is known, so one call never hands out the same port twice. A port can
 * still be taken between this call and the child binding it; that rare race surfaces as the
 * child's own startup error.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, resolve);
      });
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("A TCP listener reported no port");
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}
