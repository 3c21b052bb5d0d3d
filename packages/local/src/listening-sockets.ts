import { readFileSync } from "node:fs";
import { SocketAddress } from "node:net";
import { endianness } from "node:os";

/** The "st" column of /proc/net/tcp*: 0A is TCP_LISTEN. */
const LISTEN = "0A";

/**
 * The local addresses that TCP sockets listen on for `port`, one entry per listening socket
 * ("127.0.0.1", "0.0.0.0", "::", …), read from Linux's /proc/net/tcp and /proc/net/tcp6. Tests
 * use it to prove what a server is reachable from: the kernel's table, not what the server says it
 * asked for. Linux only; a missing tcp6 (IPv6 disabled) just means no IPv6 sockets.
 */
export function listeningAddresses(port: number): string[] {
  return [...readTable("/proc/net/tcp", "ipv4"), ...readTable("/proc/net/tcp6", "ipv6")]
    .filter((socket) => socket.port === port)
    .map((socket) => socket.address);
}

function readTable(path: string, family: "ipv4" | "ipv6"): { address: string; port: number }[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && family === "ipv6") return [];
    throw error;
  }
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns[3] === LISTEN)
    .map((columns) => {
      const [hexAddress = "", hexPort = ""] = (columns[1] ?? "").split(":");
      return { address: decodeAddress(hexAddress, family), port: parseInt(hexPort, 16) };
    });
}

/**
 * The kernel prints the address as 32-bit words in host byte order (so 127.0.0.1 reads
 * "0100007F" on x86), while the port is already in plain hex.
 */
function decodeAddress(hex: string, family: "ipv4" | "ipv6"): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = (hex.slice(word, word + 8).match(/../g) ?? []).map((pair) => parseInt(pair, 16));
    bytes.push(...(endianness() === "LE" ? wordBytes.reverse() : wordBytes));
  }
  if (family === "ipv4") return bytes.join(".");
  const groups = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // SocketAddress prints the canonical compressed form ("::", "::1", "::ffff:7f00:1").
  return new SocketAddress({ address: groups.join(":"), family: "ipv6" }).address;
}
