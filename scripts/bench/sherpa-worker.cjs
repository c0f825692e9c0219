// Runs sherpa-onnx-node's offline Canary recognizer in its own process for `npm run bench:engine`
// (a model sherpa-onnx rejects aborts the whole process). Loads the model once, then answers
// { clip: index } messages with the time its own decode took (wall and this process's CPU), so the benchmark can interleave it with ours.
"use strict";
const { readFileSync } = require("node:fs");

const [sherpaModule, dir, clipsFile] = process.argv.slice(2);
const sherpa = require(sherpaModule);

const buffer = readFileSync(clipsFile);
const count = buffer.readUInt32LE(0);
const clips = [];
let offset = 4 + 4 * count;
for (let i = 0; i < count; i++) {
  const length = buffer.readUInt32LE(4 + 4 * i);
  clips.push(new Float32Array(buffer.buffer.slice(buffer.byteOffset + offset, buffer.byteOffset + offset + 4 * length)));
  offset += 4 * length;
}

const recognizer = new sherpa.OfflineRecognizer({
  featConfig: { sampleRate: 16000, featureDim: 128 },
  modelConfig: {
    canary: { encoder: `${dir}/encoder.onnx`, decoder: `${dir}/decoder.onnx`, srcLang: "en", tgtLang: "en", usePnc: 1 },
    tokens: `${dir}/tokens.txt`,
    numThreads: 1,
    provider: "cpu",
    debug: 0,
  },
});

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

process.on("message", ({ clip }) => {
  const started = performance.now();
  const cpuStarted = cpuMs();
  const stream = recognizer.createStream();
  stream.acceptWaveform({ sampleRate: 16000, samples: clips[clip] });
  recognizer.decode(stream);
  const result = recognizer.getResult(stream);
  const ms = performance.now() - started;
  process.send({ ms, cpuMs: cpuMs() - cpuStarted, text: result.text, tokens: result.tokens.length });
});
process.send({ ready: true });
