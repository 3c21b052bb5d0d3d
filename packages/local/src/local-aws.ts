/**
 * DynamoDB Local keeps a separate database per access key + region (we do not pass -sharedDb,
 * so the emulator behaves like AWS). Every local client therefore has to use exactly these
 * values, or it would silently see an empty database.
 *
 * A function, not a shared constant: the AWS SDK annotates the credentials object it is given,
 * so each client gets its own (a frozen one makes the SDK throw).
 */
export function localAws() {
  return { region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
}
