import type { NextConfig } from "next";

const config: NextConfig = {
  // Native addons are loaded by Node at run time, never bundled. The engine (inference/) is loaded from
  // its sources at run time too (lib/engine/runtime.ts, through tsx); audio-decode and tsx are listed so
  // nothing of theirs is ever bundled should a bundled module reach them.
  serverExternalPackages: ["onnxruntime-node", "better-sqlite3", "sherpa-onnx-node", "audio-decode", "tsx"],
  poweredByHeader: false,
};

export default config;
