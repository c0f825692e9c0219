import type { CatalogModel } from "../types";
import { apiFaq, LAUNCH_ESTIMATE, openAsrLeaderboardResults, openAsrLeaderboardTable } from "./shared";

const card = { label: "Hugging Face model card", url: "https://huggingface.co/nvidia/canary-180m-flash" };

export const canary180mFlash: CatalogModel = {
  id: "nvidia/canary-180m-flash",
  shortName: "canary-180m-flash",
  name: "Canary 180M Flash",
  orgName: "NVIDIA",
  summary:
    "The smallest Canary: 182M parameters that transcribe English, German, French and Spanish and translate between English and the other three, at more than 1,200x real time.",
  publishedAt: "2025-03",
  updatedAt: "2025-03",
  tasks: ["transcription", "translation"],
  taskLabel: "ASR and AST (Automatic Speech Translation)",
  architecture: "FastConformer encoder with 17 layers + Transformer decoder with 4 layers",
  parameters: { count: 182_000_000, label: "182 million" },
  license: {
    id: "cc-by-4.0",
    label: "CC-BY-4.0",
    commercialUse: true,
    url: "https://creativecommons.org/licenses/by/4.0/",
  },
  languages: ["en", "de", "fr", "es"],
  translationPairs: [
    { from: "en", to: "de" },
    { from: "en", to: "fr" },
    { from: "en", to: "es" },
    { from: "de", to: "en" },
    { from: "fr", to: "en" },
    { from: "es", to: "en" },
  ],
  capabilities: {
    streaming: false,
    timestamps: ["word", "segment"],
    punctuation: true,
    punctuationToggle: true,
    languageDetection: false,
    diarization: false,
  },
  trainingHours: 85_000,
  trainingData: [
    { label: "Public datasets", hours: 31_000 },
    { label: "Suno", hours: 20_000 },
    { label: "In-house data", hours: 34_000 },
  ],
  maxAudioSeconds: 40,
  about: [
    {
      paragraphs: [
        "Canary 180M Flash packs the Canary feature set into 182 million parameters: speech recognition in English, German, French and Spanish, and translation from English into the other three and back. Punctuation and capitalization can be switched on or off, and word- and segment-level timestamps are available as an experimental feature.",
        "NVIDIA designed Canary models for inputs under 40 seconds; longer audio is split into chunks and the pieces stitched together.",
      ],
    },
    {
      heading: "Architecture and training",
      paragraphs: [
        "It is an encoder-decoder model: a 17-layer FastConformer encoder and a 4-layer Transformer decoder steered by task tokens (languages, task, timestamps, punctuation). It was trained on the same 85,000 hours as Canary 1B Flash: 31,000 hours of public data, 20,000 hours from Suno and 34,000 hours of in-house data.",
      ],
    },
    {
      heading: "Benchmarks",
      paragraphs: [
        "The first table is the Open ASR Leaderboard's own run; the second is the table on NVIDIA's model card (greedy decoding, batch 128). NVIDIA measured 1,233 RTFx on an A100 and 2,041 RTFx on an H100.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["CC-BY-4.0, available for commercial use."],
    },
  ],
  keyCapabilities: [
    "Transcription in English, German, French and Spanish",
    "Translation English to German/French/Spanish and back",
    "Punctuation and capitalization on or off",
    "Experimental word- and segment-level timestamps",
    "1,233 RTFx on an A100, 2,041 RTFx on an H100",
  ],
  bestFor: [
    "Cheap, fast transcription of short clips in the four languages",
    "Edge or small-GPU deployments where a 1B model is too large",
    "Quick English to German/French/Spanish translation of voice notes",
  ],
  benchmarks: [
    openAsrLeaderboardTable({
      ami: 14.86,
      gigaSpeech: 10.51,
      librispeechClean: 1.73,
      librispeechOther: 4.35,
      earnings22: 12.33,
      spgiSpeech: 2.26,
      tedlium: 3.13,
      voxPopuli: 6.35,
    }),
    {
      name: "NVIDIA model card (Open ASR leaderboard sets)",
      conditions: "Without PnC, greedy decoding, batch size 128, text normalised with whisper-normalizer",
      results: [
        { dataset: "AMI", wer: 14.86 },
        { dataset: "GigaSpeech", wer: 10.51 },
        { dataset: "LibriSpeech Clean", wer: 1.87 },
        { dataset: "LibriSpeech Other", wer: 3.83 },
        { dataset: "Earnings22", wer: 13.33 },
        { dataset: "SPGISpeech", wer: 2.26 },
        { dataset: "Tedlium", wer: 3.98 },
        { dataset: "VoxPopuli", wer: 6.35 },
      ],
      source: card,
    },
  ],
  speed: [
    { rtfx: 1233, hardware: "NVIDIA A100", batchSize: 128, note: "OpenASR benchmark", source: card },
    { rtfx: 2041, hardware: "NVIDIA H100", note: "OpenASR benchmark", source: card },
    {
      rtfx: 1233.58,
      hardware: "NVIDIA A100-SXM4-80GB",
      note: "Open ASR Leaderboard run",
      source: openAsrLeaderboardResults,
    },
  ],
  performanceNotes: ["More than 1,200 RTFx on the Open ASR leaderboard sets"],
  faq: [
    {
      question: "How does it differ from Canary 1B Flash?",
      answer:
        "Same languages, tasks and training data, but about a fifth of the parameters (182M against 883M): faster and cheaper to run, at somewhat higher error rates.",
    },
    {
      question: "Can it handle long recordings?",
      answer: "It is designed for clips under 40 seconds; longer audio is processed in chunks and joined.",
    },
    {
      question: "What is the license?",
      answer: "CC-BY-4.0, which allows commercial use with attribution.",
    },
    apiFaq({ shortName: "canary-180m-flash", id: "nvidia/canary-180m-flash", translation: true }),
  ],
  pricing: LAUNCH_ESTIMATE,
  links: [card],
  serving: { runner: "canary-aed", weightsDir: "canary-180m-flash" },
  related: [
    "nvidia/canary-1b-flash",
    "nvidia/canary-1b-v2",
    "UsefulSensors/moonshine-base",
    "nvidia/parakeet-tdt-0.6b-v2",
  ],
};
