import { DomainError, isStorageUnavailable, describeError } from "@roster/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "./env";
import { statusOfCode } from "./forms";
import { clearSessionCookie } from "./session-cookie";
import { Shell } from "./shell";

const HEADINGS: Partial<Record<number, string>> = {
  403: "You don't have access to this page",
  404: "Page not found",
  503: "Roster is unreachable right now",
};

/** A whole page that says what went wrong and where to go from here. */
export function errorPage(c: Context<ConsoleEnv>, status: ContentfulStatusCode, message: string) {
  const principal = c.get("principal");
  return c.html(
    <Shell title={HEADINGS[status] ?? "Something went wrong"} principal={principal} csrf={c.get("csrf")}>
      <section class="card error-page">
        <h1>{HEADINGS[status] ?? "Something went wrong"}</h1>
        <p>{message}</p>
        <p>
          <a href="/console">Go to the console's start page</a>
        </p>
      </section>
    </Shell>,
    status,
  );
}

const signInAgain = (c: Context<ConsoleEnv>) => {
  clearSessionCookie(c);
  const next = c.req.method === "GET" ? `?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ""))}` : "";
  return c.redirect(`/console/sign-in${next}`, 303);
};

/**
 * Everything a console page throws ends here, as a page: a dead session leads back to sign-in
 * (and then to where the person was going); a refusal of access, a missing page or tenant, an
 * outage and a bug each get a page that says so. A form's own refusals never get here: its page
 * shows them beside the fields.
 */
export function consoleErrorHandler(error: Error, c: Context<ConsoleEnv>) {
  if (error instanceof DomainError) {
    if (error.code === "auth.unauthenticated") return signInAgain(c);
    if (error.code === "auth.forbidden" || error.code === "auth.session_required") return errorPage(c, 403, "Your role does not allow this. Ask a workspace admin if you need it.");
    const status = statusOfCode(error.code);
    if (status === 404) return errorPage(c, 404, "There is nothing here, or nothing you can see. Check the address, or start from the console.");
    return errorPage(c, status, error.message);
  }
  if (error instanceof HTTPException && error.status === 403) return errorPage(c, 403, "This form did not come from a Roster page. Reload the page and try again.");
  const requestId = c.get("requestId");
  if (isStorageUnavailable(error)) {
    c.get("deps").log.error("storage unavailable", { requestId, ...describeError(error) });
    return errorPage(c, 503, "Storage is unreachable right now. Try again in a moment.");
  }
  c.get("deps").log.error("unhandled error", { requestId, ...describeError(error), stack: error.stack });
  return errorPage(c, 500, `Something went wrong on our side. Quote request id ${requestId} when reporting it.`);
}
