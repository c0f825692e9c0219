import type { NextConfig } from "next";

const config: NextConfig = {
  // Native addons are loaded by Node at run time, never bundled.
  serverExternalPackages: ["onnxruntime-node", "better-sqlite3", "sherpa-onnx-node"],
  poweredByHeader: false,
};

export default config;
