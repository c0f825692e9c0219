/**
 * Checks that a loaded session has the tensor names and static sizes the Canary contract promises, so a
 * wrong file fails at load time with a message naming it, not mid-request.
 */
import { ModelLoadError } from "../../errors.js";
import type { ort } from "../../runtime/onnx.js";

type Session = ort.InferenceSession;
type TensorMetadata = Extract<ort.InferenceSession.ValueMetadata, { isTensor: true }>;

export function requireNames(session: Session, file: string, inputs: readonly string[], outputs: readonly string[]): void {
  const missingIn = inputs.filter((name) => !session.inputNames.includes(name));
  const missingOut = outputs.filter((name) => !session.outputNames.includes(name));
  if (missingIn.length || missingOut.length) {
    throw new ModelLoadError(
      "invalid_manifest",
      `${file} does not follow the Canary contract: missing ` +
        [...missingIn.map((n) => `input ${n}`), ...missingOut.map((n) => `output ${n}`)].join(", ") +
        ` (it has inputs ${session.inputNames.join(", ")}; outputs ${session.outputNames.join(", ")})`,
    );
  }
}

export function tensorInput(session: Session, name: string): TensorMetadata {
  const meta = session.inputMetadata.find((m) => m.name === name);
  if (!meta || !meta.isTensor) throw new ModelLoadError("invalid_manifest", `input ${name} is not a tensor`);
  return meta;
}

/** A dimension the contract needs to be a fixed number (cache entries, hidden size, mel bins). */
export function staticDim(meta: TensorMetadata, axis: number, what: string): number {
  const dim = meta.shape[axis];
  if (typeof dim !== "number" || dim <= 0) {
    throw new ModelLoadError("invalid_manifest", `${what}: axis ${axis} should be a fixed size, found ${String(dim)}`);
  }
  return dim;
}

/** Like staticDim, but undefined when the export left the axis symbolic. */
export function optionalDim(meta: TensorMetadata, axis: number): number | undefined {
  const dim = meta.shape[axis];
  return typeof dim === "number" && dim > 0 ? dim : undefined;
}
