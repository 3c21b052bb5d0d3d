import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { Stats } from "aws-cdk-lib/aws-cloudwatch";
import { StringParameter } from "aws-cdk-lib/aws-ssm";
import { Api as SstApi, Config, use, type StackContext } from "sst/constructs";
import { deploymentParameterName, readDeployConfig, SECRET_NAMES, type DeploymentRecord } from "./config";
import { Email } from "./email";
import { rosterFunction } from "./function";
import { ALARM_PERIOD, alarm, Monitoring } from "./monitoring";
import { Storage } from "./storage";
import { tableReadWrite } from "./table-access";

/** Requests per second (and burst) API Gateway lets through before answering 429, for the whole API. */
export const API_THROTTLE = { rate: 100, burst: 200 };

/**
 * What each request leaves in the access log: who, what, how it went. No header, no query string
 * and no authorizer data can appear: tokens travel in the Authorization header (setup tokens in the
 * URL fragment, which browsers never send), and HTTP API access logs include only what is named here.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  method: "$context.httpMethod",
  path: "$context.path",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
};

/** The api's rarely used parts (1.7 MB of password dictionaries above all) load on first use. */
export const API_SPLITTING = true;

/**
 * The HTTP API: one catch-all route (`$default`) to one function running the whole Hono app, so
 * there is one Lambda to warm instead of one per route.
 */
export function Api({ stack }: StackContext) {
  const config = readDeployConfig(process.env);
  const { table } = use(Storage);
  const email = use(Email);
  const { alarmTopic } = use(Monitoring);

  const secrets = SECRET_NAMES.map((name) => new Config.Secret(stack, name));
  const fn = rosterFunction(stack, "api", {
    handler: "functions/api.handler",
    service: "roster-api",
    description: "Roster HTTP API (Hono app)",
    tableArn: table.tableArn,
    // argon2id (19 MiB, 2 passes) is CPU-bound: memory buys the CPU share that keeps sign-in fast.
    memorySize: 1024,
    timeout: 15,
    splitting: API_SPLITTING,
    secrets,
    environment: {
      ...config.settings,
      ROSTER_TABLE_NAME: table.tableName,
      ROSTER_MAIL_FROM: email.mailFrom,
      ROSTER_SES_CONFIGURATION_SET: email.configurationSetName,
    },
  });
  for (const statement of tableReadWrite(table.tableArn)) fn.addToRolePolicy(statement);
  fn.addToRolePolicy(email.sendMail());

  const api = new SstApi(stack, "httpApi", {
    routes: { $default: fn },
    cors: false,
    defaults: { throttle: { rate: API_THROTTLE.rate, burst: API_THROTTLE.burst } },
    accessLog: { format: JSON.stringify(ACCESS_LOG_FIELDS), retention: "one_month" },
    ...(config.customDomain
      ? {
          customDomain: {
            domainName: config.customDomain.domainName,
            isExternalDomain: true,
            cdk: { certificate: Certificate.fromCertificateArn(stack, "Certificate", config.customDomain.certificateArn) },
          },
        }
      : {}),
    // With a custom domain, the execute-api URL is switched off: tokens name one issuer, and the
    // domain is the only way in.
    cdk: { httpApi: { disableExecuteApiEndpoint: Boolean(config.customDomain) } },
  });

  const publicUrl = config.publicUrl ?? api.customDomainUrl ?? api.url;
  fn.addEnvironment("ROSTER_PUBLIC_URL", publicUrl);

  // For `npx roster owner --stage NAME`: where this stage's data is and the settings its links use.
  new StringParameter(stack, "DeploymentRecord", {
    parameterName: deploymentParameterName(stack.stage),
    description: "Roster: what the owner command needs to know about this stage",
    stringValue: stack.toJsonString({
      tableName: table.tableName,
      publicUrl,
      mailFrom: email.mailFrom,
      settings: config.settings,
    } satisfies DeploymentRecord),
  });

  const httpApi = api.cdk.httpApi;
  alarm(stack, alarmTopic, "Api5xx", {
    metric: httpApi.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 5,
    description: "The API answered 5 or more 5xx in 5 minutes (storage unavailable, unexpected errors, Lambda failures).",
  });
  alarm(stack, alarmTopic, "ApiErrors", {
    metric: fn.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 1,
    description: "The api function failed (crash, timeout or failed initialization: e.g. a secret not set).",
  });
  alarm(stack, alarmTopic, "ApiThrottles", {
    metric: fn.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 1,
    description: "Lambda throttled the api function: the account's concurrency limit was reached.",
  });

  stack.addOutputs({
    // (The execute-api URL does not exist when a custom domain replaces it.)
    ...(config.customDomain ? {} : { ApiUrl: api.url }),
    PublicUrl: publicUrl,
    ...(api.cdk.domainName ? { CustomDomainTarget: `${config.customDomain?.domainName} CNAME ${api.cdk.domainName.regionalDomainName}` } : {}),
  });
  return { api, publicUrl, secrets };
}
