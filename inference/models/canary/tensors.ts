/**
 * Small tensor helpers for the Canary sessions: typed-array views and row selection on row-major data.
 */
import { ort } from "../../runtime/onnx.js";

export type Tensor = ort.Tensor;

export function float32(data: Float32Array, dims: readonly number[]): Tensor {
  return new ort.Tensor("float32", data, dims);
}

export function int64(values: ArrayLike<number>, dims: readonly number[]): Tensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]!);
  return new ort.Tensor("int64", data, dims);
}

/** The tensor holds `data` itself: writes to it show in the next run. */
export function int32(data: Int32Array, dims: readonly number[]): Tensor {
  return new ort.Tensor("int32", data, dims);
}

export function bool(values: Uint8Array, dims: readonly number[]): Tensor {
  return new ort.Tensor("bool", values, dims);
}

export function floatData(tensor: Tensor, what: string): Float32Array {
  if (tensor.type !== "float32") throw new Error(`${what} is ${tensor.type}, expected float32`);
  return tensor.data as Float32Array;
}

/** int64/int32/bool tensor -> numbers. */
export function integerData(tensor: Tensor, what: string): number[] {
  const data = tensor.data;
  if (data instanceof BigInt64Array) return Array.from(data, Number);
  if (data instanceof Int32Array || data instanceof Uint8Array) return Array.from(data);
  throw new Error(`${what} is ${tensor.type}, expected an integer or bool tensor`);
}

/**
 * Selects rows along axis `axis` of a row-major tensor: out[..., i, ...] = in[..., rows[i], ...].
 * Used to drop finished items from batched caches.
 */
export function selectRows(tensor: Tensor, axis: number, rows: readonly number[]): Tensor {
  const dims = tensor.dims;
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const count = dims[axis]!;
  const source = tensor.data as Float32Array | BigInt64Array | Uint8Array | Int32Array;
  const Ctor = source.constructor as { new (length: number): typeof source };
  const target = new Ctor(outer * rows.length * inner);
  for (let o = 0; o < outer; o++) {
    rows.forEach((row, i) => {
      const from = (o * count + row) * inner;
      target.set(source.subarray(from, from + inner) as never, (o * rows.length + i) * inner);
    });
  }
  const newDims = [...dims];
  newDims[axis] = rows.length;
  return new ort.Tensor(tensor.type as "float32", target as Float32Array, newDims);
}
