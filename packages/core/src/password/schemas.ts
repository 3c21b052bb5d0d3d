import { z } from "zod";

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z
    .string()
    .min(1)
    .max(1024)
    .meta({ description: "12–128 characters, hard to guess, not containing your email; must differ from the current one." }),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
