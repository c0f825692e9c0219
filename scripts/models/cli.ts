/**
 * The operator's command for serving real models:
 *
 *   npm run models -- add <catalog model id> <model dir>    validate (loads, runs) and register
 *   npm run models -- list                                  catalog models with a runner: live or not, from where
 *   npm run models -- remove <catalog model id>             forget a registration (files stay)
 *   npm run models -- fetch <name> [--mirror <dir> | --no-mirror]
 *                                                           download a published export (sha256-checked)
 *                                                           into <DATA_DIR>/models and register it
 *
 * Registrations live in <DATA_DIR>/models/registry.json; the catalog shows a registered model as live
 * and lib/engine serves it, with no restart. Run through npm so the react-server condition is set.
 */
import fs from "node:fs";
import path from "node:path";
import { addModel, fetchPublishedModel, listServableModels, ModelCommandError, removeModel } from "@/lib/engine/operator";
import { PUBLISHED_MODELS } from "@/lib/engine/published";
import { registryPath } from "@/lib/engine/registrations";

const USAGE = `usage:
  npm run models -- add <catalog model id> <model dir>
  npm run models -- list
  npm run models -- remove <catalog model id>
  npm run models -- fetch <${Object.keys(PUBLISHED_MODELS).join("|")}> [--mirror <dir> | --no-mirror]   (default mirror: ../shared/models when present)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case "add": {
      const [modelId, dir] = args;
      if (!modelId || !dir || args.length > 2) throw new ModelCommandError(USAGE);
      const registration = await addModel(modelId, dir);
      console.log(`registered ${registration.modelId} -> ${registration.dir} (${registration.runner}, ran on ${registration.validatedProvider})`);
      console.log(`it is live now; registry: ${registryPath()}`);
      return;
    }
    case "list": {
      for (const row of listServableModels()) {
        const where = row.dir ? `${row.origin === "registered" ? "registered" : "MODELS_DIR"}: ${row.dir}` : "no weights";
        const stale = row.staleRegistration ? `  (registered dir ${row.staleRegistration} is incomplete)` : "";
        console.log(`${row.status === "live" ? "live       " : "coming soon"}  ${row.id.padEnd(42)} ${row.runner.padEnd(20)} ${where}${stale}`);
      }
      return;
    }
    case "remove": {
      const [modelId] = args;
      if (!modelId || args.length > 1) throw new ModelCommandError(USAGE);
      console.log(removeModel(modelId) ? `removed the registration of ${modelId} (its files were left in place)` : `${modelId} was not registered`);
      return;
    }
    case "fetch": {
      const [name, ...flags] = args;
      if (!name) throw new ModelCommandError(USAGE);
      let mirror: string | undefined = fs.existsSync(path.resolve("../shared/models")) ? "../shared/models" : undefined;
      for (let i = 0; i < flags.length; i++) {
        if (flags[i] === "--mirror" && flags[i + 1]) mirror = flags[++i];
        else if (flags[i] === "--no-mirror") mirror = undefined;
        else throw new ModelCommandError(USAGE);
      }
      const registration = await fetchPublishedModel(name, { ...(mirror ? { mirror } : {}), log: (line) => console.log(line) });
      console.log(`registered ${registration.modelId} -> ${registration.dir}; it is live now`);
      return;
    }
    default:
      throw new ModelCommandError(USAGE);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ModelCommandError ? error.message : error);
  process.exitCode = 1;
});
