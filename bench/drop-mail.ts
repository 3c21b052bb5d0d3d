import type { Mailer } from "@roster/core";

/** Mail is SES's time, not Roster's (and the floor sends none): the bench's mailer drops it. */
export const dropMail: Mailer = { send: async () => undefined };
