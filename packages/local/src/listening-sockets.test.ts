import { createServer, type Server } from "node:net";
import { afterEach, expect, it } from "vitest";
import { listeningAddresses } from "./listening-sockets";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen({ port: 0, host }, resolve));
  return (server.address() as { port: number }).port;
}

// The loopback-only tests of DynamoDB Local and `npm start` are only as good as this decoding:
// each address a wrongly bound server could use must come out as itself.
it.each([
  ["127.0.0.1", "127.0.0.1"],
  ["0.0.0.0", "0.0.0.0"],
  ["::", "::"],
  ["::1", "::1"],
])("reports a socket listening on %s", async (host, expected) => {
  const port = await listen(host);
  expect(listeningAddresses(port)).toEqual([expected]);
});

it("reports nothing for a port no one listens on", async () => {
  const port = await listen("127.0.0.1");
  await new Promise((resolve) => servers.pop()!.close(resolve));
  expect(listeningAddresses(port)).toEqual([]);
});
