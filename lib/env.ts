import "server-only";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting the server reads, validated once. Nothing else in the codebase reads `process.env`.
 */
/** An optional setting; an empty value (`FOO=` in an .env file) counts as unset. */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

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

  // --- Sign-in (lib/auth) -----------------------------------------------------------------------
  /**
   * Signs session cookies and tokens. Required in production; development and tests fall back to a
   * fixed, public value (see lib/auth/config.ts) so `npm run dev` works with no setup.
   */
  AUTH_SECRET: optionalString,
  /**
   * SMTP server for magic links, e.g. `smtp://user:pass@smtp.example.com:587`, or `log` to print the
   * links on the server console (a machine of your own only). Unset: email sign-in only in development,
   * where links are printed.
   */
  EMAIL_SERVER: optionalString.pipe(z.union([z.literal("log"), z.string().url()]).optional()),
  /** The From address of sign-in emails. */
  EMAIL_FROM: z.string().min(3).default("gigarouter <signin@localhost>"),
  /** GitHub OAuth app; the provider is offered only when both are set. */
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  /** Any OpenID Connect issuer (Google, Okta, Keycloak, ...); offered only when all three are set. */
  AUTH_OIDC_ISSUER: optionalString.pipe(z.string().url().optional()),
  AUTH_OIDC_ID: optionalString,
  AUTH_OIDC_SECRET: optionalString,
  /** The OIDC provider's name on the sign-in button. */
  AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),

  // --- Credits (lib/credits) --------------------------------------------------------------------
  /** Free credit granted once per person at first sign-in, in US dollars (0 turns it off). */
  FREE_CREDIT_USD: z.coerce.number().min(0).max(1000).default(1),

  // --- Billing (lib/billing) --------------------------------------------------------------------
  /** Stripe secret key (sk_live_... / sk_test_...). Unset: buying credit is disabled, visibly. */
  STRIPE_SECRET_KEY: optionalString,
  /** Signing secret of the webhook endpoint (whsec_...); without it no webhook is accepted. */
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Tests only: another Stripe API origin, e.g. `http://localhost:3301` (a local stand-in). */
  STRIPE_API_BASE: optionalString.pipe(z.string().url().optional()),

  // --- OpenAI-compatible API (lib/openai, lib/metering, lib/api-keys) ---------------------------
  /** Largest audio file one API request may carry, in bytes (OpenAI's limit: 25 MiB). */
  API_MAX_AUDIO_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /**
   * Credit held by a /v1 request that never finished (its process died, or the database went away
   * mid-request) is given back once the request is this old: far longer than any request runs.
   */
  CHARGE_SWEEP_AFTER_MINUTES: z.coerce.number().min(1).max(24 * 60).default(30),
  /** How often each web instance looks for such requests. */
  CHARGE_SWEEP_INTERVAL_SECONDS: z.coerce.number().min(5).max(24 * 3600).default(300),
  /** Requests per minute one API key may make, unless the key has its own limit. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),

  // --- Playground (app/api/playground, lib/playground) --------------------------------------------
  /** Free runs of the bundled model on the sample clips one signed-out client may make per minute. */
  PLAYGROUND_GUEST_RUNS_PER_MINUTE: z.coerce.number().int().min(1).default(10),

  // --- Inference engine (lib/engine) ------------------------------------------------------------
  /**
   * The server's own writable data: the SQLite file's default home, and `models/` with the models an
   * operator registered or fetched (`npm run models`). Relative paths are resolved against the repo root.
   */
  DATA_DIR: z.string().min(1).default("./data").transform((dir) => path.resolve(/* turbopackIgnore: true */ process.cwd(), dir)),
  /** Execution provider the engine asks onnxruntime for; `cuda` falls back to CPU (and says so) without CUDA. */
  ENGINE_PROVIDER: z.enum(["cpu", "cuda"]).default("cpu"),
  /** Worker threads per model, each with its own copy of the model. Default: 2 on CPU, 1 on CUDA. */
  ENGINE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** onnxruntime intra-op threads per worker. Default: the machine's cores shared among one model's workers. */
  ENGINE_INTRA_OP_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  /** Most requests the batcher puts in one model batch. */
  ENGINE_MAX_BATCH: z.coerce.number().int().min(1).max(256).default(16),
  /** Longest a request waits for others to join its batch, in milliseconds. */
  ENGINE_MAX_WAIT_MS: z.coerce.number().min(0).max(1000).default(5),

  // --- Queue API, files, webhooks (lib/jobs, lib/files, lib/fetch-url, lib/webhooks) -------------
  /**
   * The queue this process submits to and works on. Processes sharing a database work on the same
   * queue only if they also share the file store (DATA_DIR, or its bucket); give others their own name.
   */
  QUEUE_NAME: z.string().trim().min(1).max(100).default("default"),
  /** Jobs this process runs at once; 0 = this process takes no jobs (a web-only instance). */
  QUEUE_CONCURRENCY: z.coerce.number().int().min(0).max(256).default(2),
  /** How long a running job stays claimed without its worker renewing the claim; then it is recovered. */
  QUEUE_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** Claims per job: a job whose worker died is queued again until it has been claimed this often, then failed and refunded. */
  QUEUE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(2),
  /** Tests only: a claimed job waits this long before the engine runs, so a test can stop the server mid-job. */
  QUEUE_TEST_RUN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** Longest time one audio_url download may take, in seconds (connect, redirects and body). */
  FETCH_URL_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(30),
  /**
   * Tests only: let audio_url and webhook URLs reach loopback addresses (127.0.0.0/8, ::1), e.g. a local
   * audio server. Every other private, link-local or reserved address stays refused.
   */
  ALLOW_LOOPBACK_FETCH: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  /** First webhook retry after this many seconds; each later one waits twice as long (at most an hour). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(3600).default(10),
  /** Attempts per webhook before giving up (15 with the defaults spans about six hours). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(15),
  /** How long one webhook attempt waits for the receiver's answer, in seconds. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),

  // --- File storage: uploads and job audio (lib/files) -------------------------------------------
  /**
   * Where new files' bytes go: `local` (DATA_DIR/files), `db` (a table in the database) or `s3` (an
   * S3-compatible bucket: AWS, MinIO, R2, ...). Default: `local`, or `db` with QUEUE_BACKEND=pg-boss,
   * whose web instances and workers share nothing but the database. Existing files are read from
   * whichever store their row names, so changing this loses nothing (keep S3_* set while s3 rows remain).
   */
  FILE_STORE: z.enum(["local", "db", "s3"]).optional(),
  /** The bucket (FILE_STORE=s3). */
  S3_BUCKET: optionalString,
  /** S3 API origin for non-AWS services, e.g. `http://127.0.0.1:9000` (MinIO), `https://<account>.r2.cloudflarestorage.com`. */
  S3_ENDPOINT: optionalString.pipe(z.string().url().optional()),
  /** The bucket's region (`auto` for R2). */
  S3_REGION: z.string().trim().min(1).default("us-east-1"),
  /** Access key pair; both or neither (neither: the AWS SDK's own credential chain, e.g. an instance role). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Address buckets as `<endpoint>/<bucket>/<key>` (MinIO and most self-hosted servers) instead of `<bucket>.<endpoint>`. */
  S3_FORCE_PATH_STYLE: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  /** Prefix for every object key, e.g. `gigarouter/`, to share a bucket with other data. */
  S3_PREFIX: z.string().trim().regex(/^([A-Za-z0-9_.-]+\/)*$/, "S3_PREFIX must be empty or folder names each ending in /").default(""),
  /** Two-step uploads whose bytes never came (and job audio no job names) are removed once this old. */
  FILE_SWEEP_PENDING_HOURS: z.coerce.number().min(1).max(24 * 365).default(24),
  /** How often each web instance sweeps abandoned files and retries deletes that failed; 0 = never. */
  FILE_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(24 * 3600).default(600),

  // --- Scale-out: the queue engine and inference workers (lib/queue, scripts/worker.ts) ----------
  /**
   * `embedded` (default): each server runs its own jobs from the jobs table and the engine in-process.
   * `pg-boss`: inference runs only in `npm run worker` processes, fed through pg-boss queues (one per
   * model) on PostgreSQL; web instances enqueue and wait. Needs a `postgresql://` DATABASE_URL.
   */
  QUEUE_BACKEND: z.enum(["embedded", "pg-boss"]).default("embedded"),
  /** PostgreSQL schema pg-boss creates and owns (at its first start). */
  PGBOSS_SCHEMA: z.string().trim().regex(/^[a-z_][a-z0-9_]*$/).default("pgboss"),
  /** `npm run worker`: comma-separated model ids (or short names) it loads and serves; `all` = every live model. */
  WORKER_MODELS: z.string().trim().min(1).default("all"),
  /** `npm run worker`: jobs it runs at once per model (the engine's batcher batches them). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** How long a web instance waits for a worker's answer to a synchronous request before a 503. */
  QUEUE_REMOTE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** `npm run worker`: serve GET /health on this port (200 when its database and queue answer); unset = none. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Address the worker's health endpoint listens on; `0.0.0.0` for probes from other machines. */
  WORKER_HEALTH_HOST: z.string().trim().min(1).default("127.0.0.1"),

  // --- Streaming upstreams and the realtime API (inference/upstream, lib/realtime) ---------------
  /**
   * moshi-server serving Kyutai STT, e.g. `ws://127.0.0.1:8080` (`/api/asr-streaming` is added). Set: the
   * Kyutai model is live and served through it. Unset: it stays "coming soon".
   */
  KYUTAI_URL: optionalString.pipe(
    z
      .string()
      .url()
      .refine((url) => /^(wss?|https?):\/\//.test(url), "KYUTAI_URL must be a ws://, wss://, http:// or https:// URL")
      .optional(),
  ),
  /** One of moshi-server's `authorized_ids`, sent as its `kyutai-api-key` header (Kyutai's configs use `public_token`). */
  KYUTAI_API_KEY: z.string().min(1).default("public_token"),
  /** Realtime sessions one model serves at once in this process; one more gets "all streams busy". */
  REALTIME_MAX_STREAMS_PER_MODEL: z.coerce.number().int().min(1).max(10_000).default(16),
  /** A session that sends nothing (no audio, no event) for this long is closed. */
  REALTIME_IDLE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  /** Seconds of audio each credit hold pays for; a session holds the next block before this one runs out. */
  REALTIME_HOLD_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  /** Events waiting to reach a client that reads too slowly, in bytes; past it the session is closed (4009). */
  REALTIME_MAX_BUFFERED_BYTES: z.coerce.number().int().min(4096).max(256 * 1024 * 1024).default(1024 * 1024),
  /**
   * Server-sent event streams (POST /run/.../stream, status streams, /v1 stream=true): bytes of events
   * waiting for a client that reads slowly. Cumulative partials and status bodies replace their own
   * unsent predecessor, so only a client that cannot keep up even so reaches it; it is then disconnected.
   */
  STREAM_MAX_BUFFERED_BYTES: z.coerce.number().int().min(4096).max(256 * 1024 * 1024).default(1024 * 1024),
  /** A stream whose client took nothing for this long while events waited for it is disconnected. */
  STREAM_MAX_STALL_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** Audio received but not yet taken by the model, in seconds; past it the server stops reading the client. */
  REALTIME_MAX_PENDING_SECONDS: z.coerce.number().min(1).max(600).default(10),
  /** Default silence that ends an utterance, in milliseconds (a session can ask for its own). */
  REALTIME_ENDPOINTING_MS: z.coerce.number().int().min(100).max(10_000).default(800),
  /** Signs browser tokens for the realtime API. Default: derived from AUTH_SECRET (or the development secret). */
  REALTIME_TOKEN_SECRET: optionalString,
  /** How long a browser token may be used to open a session, in seconds. */
  REALTIME_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
});

export type Env = z.infer<typeof schema>;

export const env: Env = schema
  .superRefine((value, context) => {
    if (value.QUEUE_BACKEND === "pg-boss" && !/^postgres(ql)?:\/\//.test(value.DATABASE_URL)) {
      context.addIssue({ code: "custom", path: ["QUEUE_BACKEND"], message: "QUEUE_BACKEND=pg-boss needs DATABASE_URL to be a postgresql:// URL" });
    }
    // Several processes on several machines would each see only their own disk: uploads through one web
    // instance would be missing on the others and job audio missing on the workers.
    if (value.QUEUE_BACKEND === "pg-boss" && value.FILE_STORE === "local") {
      context.addIssue({ code: "custom", path: ["FILE_STORE"], message: "FILE_STORE=local cannot serve a QUEUE_BACKEND=pg-boss cluster (each process would see only its own disk): use FILE_STORE=db or s3, or leave it unset (db)" });
    }
    if (value.FILE_STORE === "s3" && !value.S3_BUCKET) {
      context.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "FILE_STORE=s3 needs S3_BUCKET (plus S3_ENDPOINT for MinIO/R2 and S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY)" });
    }
    if (Boolean(value.S3_ACCESS_KEY_ID) !== Boolean(value.S3_SECRET_ACCESS_KEY)) {
      context.addIssue({ code: "custom", path: [value.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"], message: "Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (or neither, for the AWS SDK's own credentials)" });
    }
  })
  .parse(process.env);
