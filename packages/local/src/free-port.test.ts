import { createServer } from "node:net";
import { expect, it } from "vitest";
import { findFreePorts } from "./free-port";

it("hands out distinct ports that can be bound afterwards", async () => {
  const ports = await findFreePorts(3);
  expect(new Set(ports).size).toBe(3);
  for (const port of ports) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host: "127.0.0.1" }, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  }
});
