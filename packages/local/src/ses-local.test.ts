import { describe, expect, inject, it } from "vitest";
import type { SesLocalStore } from "./ses-local";

const endpoint = inject("sesEndpoint");

describe("the SES emulator started by the global setup", () => {
  it("stores a sent email in the shape SesLocalStore documents", async () => {
    const subject = `store-shape-${Date.now()}`;
    // The SES v1 query API as a raw form post: the emulator only checks that an AWS-style
    // Authorization header is present, which keeps this test free of an SES client.
    const sent = await fetch(`${endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 Credential=local/test" },
      body: new URLSearchParams({
        Action: "SendEmail",
        Source: "roster@example.com",
        "Destination.ToAddresses.member.1": "invitee@example.com",
        "Message.Subject.Data": subject,
        "Message.Body.Text.Data": "Your setup link",
      }),
    });
    expect(sent.status).toBe(200);

    const before = Math.floor(Date.now() / 1000) - 60;
    const store = (await (await fetch(`${endpoint}/store?since=${before}`)).json()) as SesLocalStore;
    expect(store.templates).toEqual({});
    const email = store.emails.find((candidate) => candidate.subject === subject);
    expect(email).toMatchObject({
      from: "roster@example.com",
      destination: { to: ["invitee@example.com"], cc: [], bcc: [] },
      body: { text: "Your setup link" },
      attachments: [],
    });
    expect(typeof email?.messageId).toBe("string");
    // Seconds, not milliseconds.
    expect(email?.at).toBeGreaterThanOrEqual(before);
    expect(email?.at).toBeLessThan(before + 3600);
  });
});
