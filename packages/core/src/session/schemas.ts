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

const TotpCode = z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.").meta({ example: "123456" });

export const EnrollmentTokenSchema = z
  .string()
  .min(16)
  .max(256)
  .meta({ description: "The `enrollmentToken` of the 403 `auth.mfa_enrollment_required` sign-in answer. Good for 10 minutes." });

export const MfaEnrollInput = z.object({ enrollmentToken: EnrollmentTokenSchema });

export const MfaConfirmInput = z.object({ enrollmentToken: EnrollmentTokenSchema, totpCode: TotpCode });
