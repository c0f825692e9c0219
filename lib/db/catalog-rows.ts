import type { CatalogModel } from "@/lib/catalog/types";
import type { Db } from "@/lib/db";

/**
 * The catalog's typed entries as database rows. The files under lib/catalog/models stay the source
 * of truth; these rows give foreign keys something to point at and SQL something to filter on.
 */
export function catalogRow(model: CatalogModel) {
  return {
    id: model.id,
    shortName: model.shortName,
    name: model.name,
    orgName: model.orgName,
    tasks: model.tasks.join(","),
    licenseId: model.license.id,
    parameterCount: BigInt(model.parameters.count),
    streaming: model.capabilities.streaming,
    pricePerMinuteMicroUsd: model.pricing.perMinuteMicroUsd,
    priceEstimated: model.pricing.estimated,
    publishedAt: model.publishedAt,
  };
}

/**
 * Inserts or refreshes one row per model. Rows of models that left the catalog are kept: deleting
 * them would cascade to the people waiting for them.
 */
export async function syncCatalogRows(db: Db, models: readonly CatalogModel[]): Promise<void> {
  for (const model of models) {
    const row = catalogRow(model);
    await db.catalogModel.upsert({ where: { id: row.id }, create: row, update: row });
  }
}
