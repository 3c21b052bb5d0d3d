import { z } from "zod";

export const LoginInput = z.object({
  email: z.string().trim().min(1).max(254).meta({ example: "ada@example.com" }),
  password: z.string().min(1).max(1024),
  totpCode: z
    .string()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.")
    .optional()
    .meta({ description: "Required unless the account's authenticator was reset.", example: "123456" }),
});

export const RefreshInput = z.object({ refreshToken: z.string().min(1).max(512) });
