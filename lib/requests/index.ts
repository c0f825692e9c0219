import "server-only";
import { findModel } from "@/lib/catalog";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { ConflictError, ValidationError } from "@/lib/errors";
import { ModelReferenceError, parseModelReference, referenceUrl, type ModelReference } from "./normalize";
import type { RequestInput } from "./schema";

export { requestInput, type RequestInput } from "./schema";

/**
 * Requests for models the catalog does not list. Each distinct model is one request; every further
 * ask for it, from a different person, is a vote.
 */

export interface OpenRequest {
  id: string;
  /** "org/name" as first requested. */
  model: string;
  /** The model's page on Hugging Face or GitHub. */
  url: string;
  votes: number;
  createdAt: string;
}

export interface RequestResult {
  /** True when nobody had asked for this model before. */
  created: boolean;
  /** False when this voter had already asked for it: nothing new was stored. */
  voted: boolean;
  request: OpenRequest;
}

const OPEN_LIST_LIMIT = 100;

/** Requests whose model is still not in the catalog, most votes first, then oldest first. */
export async function listOpenRequests(): Promise<OpenRequest[]> {
  const rows = await db.modelRequest.findMany({
    orderBy: [{ votes: { _count: "desc" } }, { createdAt: "asc" }],
    include: { _count: { select: { votes: true } } },
    take: OPEN_LIST_LIMIT,
  });
  return rows.filter((row) => !findModel(row.key)).map((row) => toOpenRequest(row, row._count.votes));
}

/**
 * Records `client`'s ask for a model: creates the request, or adds a vote to the existing one.
 * `client` identifies an anonymous voter (a hash of the client address); an email, when given,
 * identifies the voter instead, so one person votes once per model.
 */
export async function requestModel(
  input: RequestInput & { client: string; userId?: string },
): Promise<RequestResult> {
  const ref = referenceNotInCatalog(input.model);
  const vote = {
    voter: input.email ? `email:${input.email}` : `client:${input.client}`,
    email: input.email,
    reason: input.reason,
    userId: input.userId,
  };

  try {
    // The request and its first vote in one statement: no request is ever stored without a vote.
    const row = await db.modelRequest.create({
      data: { key: ref.key, display: ref.display, source: ref.source, votes: { create: vote } },
    });
    return { created: true, voted: true, request: toOpenRequest(row, 1) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }

  // Someone asked before: this ask is a vote, unless this voter already cast one.
  const existing = await db.modelRequest.findUniqueOrThrow({ where: { key: ref.key } });
  let voted = true;
  try {
    await db.requestVote.create({ data: { ...vote, requestId: existing.id } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    voted = false;
  }
  const votes = await db.requestVote.count({ where: { requestId: existing.id } });
  return { created: false, voted, request: toOpenRequest(existing, votes) };
}

/** Parses the reference; a model the catalog already lists is a 409 pointing at its page. */
function referenceNotInCatalog(text: string): ModelReference {
  // A bare short name ("canary-1b-flash") is no org/name id, but it still names a listed model.
  const listedByName = findModel(text);
  if (listedByName) throw inCatalog(listedByName);
  const ref = parseOrReject(text);
  const listed = findModel(ref.key);
  if (listed) throw inCatalog(listed);
  return ref;
}

function parseOrReject(text: string): ModelReference {
  try {
    return parseModelReference(text);
  } catch (error) {
    if (!(error instanceof ModelReferenceError)) throw error;
    throw new ValidationError(error.message, { param: "model", code: "invalid_model_reference" });
  }
}

function inCatalog(model: { id: string; name: string }): ConflictError {
  return new ConflictError(`${model.name} is already in the catalog: see /models/${model.id}.`, {
    param: "model",
    code: "model_in_catalog",
    headers: { location: `/models/${model.id}` },
  });
}

function toOpenRequest(
  row: { id: string; display: string; source: string | null; createdAt: Date },
  votes: number,
): OpenRequest {
  const source = row.source === "github" || row.source === "huggingface" ? row.source : null;
  return {
    id: row.id,
    model: row.display,
    url: referenceUrl({ display: row.display, source }),
    votes,
    createdAt: row.createdAt.toISOString(),
  };
}
