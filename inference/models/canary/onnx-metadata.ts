/**
 * Reads an ONNX file's `metadata_props` (the key/value pairs sherpa-onnx keeps in its encoder), which
 * onnxruntime-node does not expose. It walks the top-level fields of the ModelProto protobuf and seeks
 * over the rest (the graph may be gigabytes), so only a few small reads are made.
 */
import { open } from "node:fs/promises";

const METADATA_PROPS = 14; // ModelProto.metadata_props: repeated StringStringEntryProto {1: key, 2: value}
const HEADER_BYTES = 16; // a tag and a length varint always fit

export async function readOnnxMetadata(path: string): Promise<Record<string, string>> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const metadata: Record<string, string> = {};
    const header = Buffer.alloc(HEADER_BYTES);
    let position = 0;
    while (position < size) {
      const { bytesRead } = await file.read(header, 0, HEADER_BYTES, position);
      const cursor = { buf: header.subarray(0, bytesRead), at: 0 };
      const tag = readVarint(cursor);
      const field = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (wireType === 0) {
        readVarint(cursor);
        position += cursor.at;
      } else if (wireType === 1) {
        position += cursor.at + 8;
      } else if (wireType === 5) {
        position += cursor.at + 4;
      } else if (wireType === 2) {
        const length = readVarint(cursor);
        const start = position + cursor.at;
        if (field === METADATA_PROPS) {
          const entry = Buffer.alloc(length);
          await file.read(entry, 0, length, start);
          const [key, value] = readEntry(entry);
          metadata[key] = value;
        }
        position = start + length;
      } else {
        throw new Error(`${path} is not an ONNX model (protobuf wire type ${wireType} at byte ${position})`);
      }
    }
    return metadata;
  } finally {
    await file.close();
  }
}

function readEntry(buf: Buffer): [string, string] {
  const cursor = { buf, at: 0 };
  let key = "";
  let value = "";
  while (cursor.at < buf.length) {
    const tag = readVarint(cursor);
    if (tag % 8 !== 2) throw new Error("malformed ONNX metadata entry");
    const length = readVarint(cursor);
    const text = buf.toString("utf8", cursor.at, cursor.at + length);
    cursor.at += length;
    if (tag >> 3 === 1) key = text;
    else if (tag >> 3 === 2) value = text;
  }
  return [key, value];
}

function readVarint(cursor: { buf: Buffer; at: number }): number {
  let result = 0;
  let scale = 1;
  for (;;) {
    if (cursor.at >= cursor.buf.length) throw new Error("truncated protobuf varint");
    const byte = cursor.buf[cursor.at++]!;
    result += (byte & 0x7f) * scale; // multiplication, not <<, so lengths above 2^31 stay exact
    if (byte < 0x80) return result;
    scale *= 128;
  }
}
