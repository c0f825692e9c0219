import { notFound, permanentRedirect, redirect } from "next/navigation";
import { decodeSegment } from "@/app/models/pathSegment";
import { getModel, listModels } from "@/lib/catalog";
import { modelPath } from "@/lib/catalog/format";
import { modelsUrl } from "@/lib/catalog/query";

/**
 * One path segment under /models: a short name ("/models/canary-1b-flash") goes to the model's page;
 * an organisation ("/models/nvidia") goes to the catalog searched for it; anything else is a 404.
 */
export default async function ModelShortcut({ params }: PageProps<"/models/[org]">) {
  const { org } = await params;
  const segment = decodeSegment(org);
  const model = await getModel(segment);
  if (model) permanentRedirect(modelPath(model));

  const wanted = segment.toLowerCase();
  const models = await listModels();
  if (models.some((m) => m.id.split("/")[0]?.toLowerCase() === wanted)) redirect(modelsUrl({ q: wanted }));
  notFound();
}

