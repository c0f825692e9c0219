import { z } from "zod";
import { LIMITS, optionalEmailField, optionalNote } from "@/lib/validation/fields";

/** Body of POST /api/requests: a model id or Hugging Face / GitHub link, why, and optionally who. */
export const requestInput = z.object({
  model: z
    .string({ error: "Enter a model id or link." })
    .trim()
    .min(1, { error: "Enter a model id or link." })
    .max(LIMITS.modelReference, { error: `Keep the model id or link under ${LIMITS.modelReference} characters.` }),
  reason: optionalNote("reason"),
  email: optionalEmailField,
});

export type RequestInput = z.infer<typeof requestInput>;
