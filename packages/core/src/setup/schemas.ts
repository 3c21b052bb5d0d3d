import { z } from "zod";

/** One schema per input, shared by the route, the OpenAPI document and the domain function. */
export const SetupTokenSchema = z.string().min(16).max(256).meta({ description: "The token from the setup link's fragment." });

export const SetupTokenInput = z.object({ token: SetupTokenSchema });

export const CompleteSetupInput = z.object({
  token: SetupTokenSchema,
  displayName: z.string().trim().min(1).max(100).meta({ example: "Ada Lovelace" }),
  // Length and strength are judged by the password policy, which answers `password.too_weak`;
  // the cap here only keeps absurd inputs away from the hasher.
  password: z.string().min(1).max(1024).meta({ description: "12–128 characters, hard to guess, not containing the email." }),
  totpCode: z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.").meta({ example: "123456" }),
});
