import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";

export type Mail = { to: string; subject: string; text: string; html: string };

/** Sending mail is a port: SES in AWS, the SES emulator locally. */
export type Mailer = { send(mail: Mail): Promise<void> };

export type SesOptions = {
  region: string;
  from: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  configurationSet?: string;
};

export function sesMailer(options: SesOptions): Mailer {
  const client = new SESv2Client({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 2,
  });
  return {
    async send(mail) {
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
