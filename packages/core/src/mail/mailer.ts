import { DEFAULT_CALL_BUDGET, sdkCallConfig, type CallBudget } from "../call-budget";
import { loadOnce } from "../load-once";

export type Mail = { to: string; subject: string; text: string; html: string };

/** Sending mail is a port: SES in AWS, the SES emulator locally. */
export type Mailer = { send(mail: Mail): Promise<void> };

export type SesOptions = {
  region: string;
  from: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  configurationSet?: string;
  /** Timeouts and attempts of a send (the settings' `awsCalls`): a stalled SES fails the send instead of holding the request. */
  calls?: CallBudget;
};

export function sesMailer(options: SesOptions): Mailer {
  // The SES client is loaded with the first mail, not with the module: most requests send none,
  // and in the api's bundle the client is a chunk a cold start need not parse.
  const load = loadOnce(async () => {
    const { SESv2Client, SendEmailCommand } = await import("@aws-sdk/client-sesv2");
    const client = new SESv2Client({
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      ...sdkCallConfig(options.calls ?? DEFAULT_CALL_BUDGET),
    });
    return { client, SendEmailCommand };
  });
  return {
    async send(mail) {
      const { client, SendEmailCommand } = await load();
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [mail.to] },
          ConfigurationSetName: options.configurationSet,
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: "UTF-8" },
              Body: { Text: { Data: mail.text, Charset: "UTF-8" }, Html: { Data: mail.html, Charset: "UTF-8" } },
            },
          },
        }),
      );
    },
  };
}
