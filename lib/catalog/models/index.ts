import type { CatalogModel } from "../types";
import { canary1bFlash } from "./nvidia-canary-1b-flash";

/**
 * Every model gigarouter lists, in display order (the order of "featured" and of an unsorted browse).
 * The database seed and `lib/catalog/index.ts` read this array; pages never import it directly.
 */
export const catalog: CatalogModel[] = [canary1bFlash];
