import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from "aws-cdk-lib/aws-ses";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { StackContext } from "sst/constructs";
import { readDeployConfig } from "./config";

/**
 * SES: the sender's identity (an address, verified by the link SES mails to it, or a whole domain,
 * verified by the DKIM records this stack outputs) and the configuration set every mail is sent
 * through (reputation metrics, bounces and complaints suppressed).
 */
export function Email({ stack, app }: StackContext) {
  const config = readDeployConfig(process.env);

  const configurationSet = new ConfigurationSet(stack, "ConfigurationSet", {
    configurationSetName: app.logicalPrefixedName("mail"),
    reputationMetrics: true,
    sendingEnabled: true,
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });
  const identity = new EmailIdentity(stack, "Identity", {
    identity: config.sesIdentity.kind === "domain" ? Identity.domain(config.sesIdentity.value) : Identity.email(config.sesIdentity.value),
    configurationSet,
  });

  const configurationSetArn = stack.formatArn({ service: "ses", resource: "configuration-set", resourceName: configurationSet.configurationSetName });
  /** SES v2 SendEmail authorizes both the identity and the configuration set. */
  const sendMail = () =>
    new PolicyStatement({ sid: "SendMail", actions: ["ses:SendEmail"], resources: [identity.emailIdentityArn, configurationSetArn] });

  stack.addOutputs({
    SesIdentity: config.sesIdentity.value,
    ...(config.sesIdentity.kind === "domain"
      ? Object.fromEntries(identity.dkimRecords.map((record, n) => [`DkimCname${n + 1}`, `${record.name} CNAME ${record.value}`]))
      : {}),
  });

  return {
    mailFrom: config.mailFrom,
    configurationSetName: configurationSet.configurationSetName,
    sendMail,
  };
}
