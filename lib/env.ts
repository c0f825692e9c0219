import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting the server reads, validated once. Nothing else in the codebase reads `process.env`.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** `file:./data/gigarouter.db` (SQLite, default) or `postgresql://…`. */
  DATABASE_URL: z.string().min(1).default("file:./data/gigarouter.db"),
  /** Where model weights are looked for, one folder per model. `../shared/models` is the local mirror. */
  MODELS_DIR: z.string().min(1).default(path.resolve(process.cwd(), "../shared/models")),
  /** Public origin of the site, used in links and code samples. */
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  /**
   * Writes (interest signups, model requests) one client may make per minute, counted in the
   * database so every web instance shares the count.
   */
  WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
});

export type Env = z.infer<typeof schema>;

export const env: Env = schema.parse(process.env);
