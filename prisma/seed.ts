/**
 * Copies every catalog entry into the database (upsert, so it is safe to run again).
 *   npm run db:seed    (or `npx prisma db seed`; both run this file under Node's react-server
 *                       condition, which is what lets the server-only modules load outside Next)
 */
import { catalog } from "@/lib/catalog/models";
import { databaseProvider, db } from "@/lib/db";
import { syncCatalogRows } from "@/lib/db/catalog-rows";

async function main(): Promise<void> {
  await syncCatalogRows(db, catalog);
  console.log(`Seeded ${catalog.length} catalog models into ${databaseProvider}.`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
