import { z } from "zod";
import { emailField, optionalNote } from "@/lib/validation/fields";

/** Body of POST /api/interest: "tell me when this model is live". */
export const interestInput = z.object({
  modelId: z
    .string({ error: "Say which model you are waiting for." })
    .trim()
    .min(1, { error: "Say which model you are waiting for." })
    .max(200, { error: "That model id is too long." }),
  email: emailField,
  useCase: optionalNote("use case"),
});

export type InterestInput = z.infer<typeof interestInput>;
