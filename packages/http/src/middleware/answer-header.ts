import type { Context } from "hono";

/**
 * Sets a header on the answer a handler has already made (after `await next()`), in place, as
 * Hono's own secureHeaders middleware does. `c.header` at that point copies the whole response
 * first, for each header it sets (Hono cannot know the headers are mutable), and on the Node
 * adapter every copy builds a full WHATWG Response. Every answer Roster makes is one of its own,
 * with headers it may change; a response whose headers are frozen gets the copy after all.
 */
export function setAnswerHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    c.header(name, value);
  }
}
