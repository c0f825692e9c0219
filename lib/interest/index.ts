import "server-only";
import { getModel } from "@/lib/catalog";
import { catalog } from "@/lib/catalog/models";
import { db } from "@/lib/db";
import { syncCatalogRows } from "@/lib/db/catalog-rows";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { InterestInput } from "./schema";

export { interestInput, type InterestInput } from "./schema";

/**
 * "Tell us you want it": people leave an email on a coming-soon model and hear from us at launch.
 * One signup per email and model, however often the form is sent.
 */

export interface SignupResult {
  /** False when this email was already waiting for this model: nothing new was stored. */
  created: boolean;
  /** People waiting for the model, this signup included. */
  waiting: number;
}

/** How many people wait for the model ("12 people are waiting"). */
export async function waitingCount(modelId: string): Promise<number> {
  return db.interestSignup.count({ where: { modelId } });
}

/**
 * Stores the signup unless the same email already waits for this model. The model must be in the
 * catalog (404) and not live yet (409: it can be used right away). `userId` links the signup to an
 * account when the person is signed in.
 */
export async function signUpForModel(input: InterestInput & { userId?: string }): Promise<SignupResult> {
  const model = await getModel(input.modelId);
  if (!model) {
    throw new NotFoundError(`There is no model "${input.modelId}" in the catalog.`, {
      param: "modelId",
      code: "model_not_found",
    });
  }
  if (model.status === "live") {
    throw new ConflictError(`${model.name} is already live: you can use it now at /models/${model.id}.`, {
      param: "modelId",
      code: "model_is_live",
      headers: { location: `/models/${model.id}` },
    });
  }

  const created = await insertSignup({ ...input, modelId: model.id });
  return { created, waiting: await waitingCount(model.id) };
}

async function insertSignup(signup: InterestInput & { userId?: string }, catalogSynced = false): Promise<boolean> {
  const data = { email: signup.email, modelId: signup.modelId, useCase: signup.useCase, userId: signup.userId };
  try {
    await db.interestSignup.create({ data });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) {
      await linkAccount(signup);
      return false;
    }
    // The catalog gained a model after the database was last seeded: add the rows, then retry once.
    if (isForeignKeyViolation(error) && !catalogSynced) {
      await syncCatalogRows(db, catalog);
      return insertSignup(signup, true);
    }
    throw error;
  }
}

/** A signed-in repeat of an anonymous signup claims it for the account. */
async function linkAccount({ email, modelId, userId }: { email: string; modelId: string; userId?: string }) {
  if (userId) await db.interestSignup.updateMany({ where: { email, modelId, userId: null }, data: { userId } });
}
