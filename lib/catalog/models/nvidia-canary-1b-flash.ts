import type { CatalogModel } from "../types";
import { apiFaq, OPEN_ASR_LEADERBOARD } from "./shared";

const card = { label: "Hugging Face model card", url: "https://huggingface.co/nvidia/canary-1b-flash" };

export const canary1bFlash: CatalogModel = {
  id: "nvidia/canary-1b-flash",
  shortName: "canary-1b-flash",
  name: "Canary 1B Flash",
  orgName: "NVIDIA",
  summary:
    "A four-language speech model from NVIDIA that transcribes English, German, French and Spanish and translates between English and the other three, with optional punctuation and word- or segment-level timestamps.",
  publishedAt: "2025-03",
  updatedAt: "2026-06",
  tasks: ["transcription", "translation"],
  taskLabel: "ASR and AST (Automatic Speech Translation)",
  architecture: "FastConformer encoder with 32 layers + Transformer decoder with 4 layers",
  parameters: { count: 883_000_000, label: "883 million" },
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
    {
      label: "Public datasets",
      hours: 31_000,
      note: "English, German, French and Spanish speech from LibriSpeech, Multilingual LibriSpeech, Common Voice, VoxPopuli and others",
    },
    { label: "Suno", hours: 20_000 },
    { label: "In-house data", hours: 34_000 },
  ],
  about: [
    {
      paragraphs: [
        "Canary 1B Flash is NVIDIA's compact, speed-tuned member of the Canary family. One 883-million-parameter network handles two jobs: speech recognition in English, German, French and Spanish, and speech translation from English into German, French or Spanish and from each of those three back into English.",
        "You choose whether the text comes back with punctuation and capitalization (PnC), and you can ask for timestamps per word or per segment; NVIDIA labels timestamps as experimental. On the Open ASR leaderboard benchmark, run on an NVIDIA A100, it processes audio more than 1,000 times faster than real time (RTFx above 1,000).",
      ],
    },
    {
      heading: "Architecture and training",
      paragraphs: [
        "It is an encoder-decoder model: a 32-layer FastConformer encoder turns audio into embeddings, and a 4-layer Transformer decoder writes the text. What the decoder produces is steered by task tokens placed in front of the output, such as source and target language, the task, and whether to emit timestamps.",
        "Training used 85,000 hours of speech: 31,000 hours from public datasets (English, German, French and Spanish audio drawn from LibriSpeech, Multilingual LibriSpeech, Common Voice, VoxPopuli and other corpora), 20,000 hours from Suno and 34,000 hours of NVIDIA in-house data.",
      ],
    },
    {
      heading: "Benchmarks",
      paragraphs: [
        "The table shows word error rate on the Hugging Face Open ASR leaderboard datasets, measured without punctuation and capitalization, with greedy decoding and text normalised by whisper-normalizer. Throughput on an A100 at batch size 128 is 1,045.75 RTFx.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["The weights are published under CC-BY-4.0, which permits commercial use with attribution."],
    },
  ],
  keyCapabilities: [
    "Transcribes English, German, French and Spanish",
    "Translates English to German, French or Spanish, and each of them to English",
    "Punctuation and capitalization that can be switched on or off",
    "Word-level and segment-level timestamps (experimental)",
    "Over 1,000x real-time throughput on an A100 (1,045.75 RTFx at batch 128)",
  ],
  bestFor: [
    "Batch transcription of large English, German, French or Spanish archives where cost per hour matters",
    "Subtitling and captioning that needs timestamps",
    "Turning German, French or Spanish recordings into English text (and the reverse) in one pass",
  ],
  benchmarks: [
    {
      name: OPEN_ASR_LEADERBOARD,
      conditions: "Without PnC, greedy decoding, text normalised with whisper-normalizer",
      results: [
        { dataset: "AMI", wer: 13.11 },
        { dataset: "GigaSpeech", wer: 9.85 },
        { dataset: "LibriSpeech Clean", wer: 1.48 },
        { dataset: "LibriSpeech Other", wer: 2.87 },
        { dataset: "Earnings22", wer: 12.79 },
        { dataset: "SPGISpeech", wer: 1.95 },
        { dataset: "Tedlium", wer: 3.12 },
        { dataset: "VoxPopuli", wer: 5.63 },
      ],
      source: card,
    },
  ],
  speed: [
    {
      rtfx: 1045.75,
      hardware: "NVIDIA A100",
      batchSize: 128,
      note: "Open ASR leaderboard benchmark",
      source: card,
    },
  ],
  performanceNotes: ["Above 1,000 RTFx on the Open ASR leaderboard benchmark, measured on an NVIDIA A100 GPU"],
  faq: [
    {
      question: "Which languages does Canary 1B Flash handle?",
      answer:
        "English, German, French and Spanish, both for transcription and for translation (English to and from each of the other three).",
    },
    {
      question: "How big is it, and how fast?",
      answer:
        "It has 883M parameters and runs at more than 1,000 RTFx on the Open ASR leaderboard benchmark (1,045.75 RTFx on an A100 at batch size 128).",
    },
    {
      question: "Does it return timestamps?",
      answer:
        "Yes. It can return word-level or segment-level timestamps for English, German, French and Spanish audio. NVIDIA marks this feature as experimental.",
    },
    {
      question: "What license is it under, and may I use it commercially?",
      answer: "CC-BY-4.0. Commercial use is allowed as long as you give attribution.",
    },
    apiFaq({ shortName: "canary-1b-flash", id: "nvidia/canary-1b-flash", translation: true }),
  ],
  pricing: { perMinuteMicroUsd: 3400, estimated: true },
  apiProviders: 0,
  downloadsPerMonth: 3900,
  links: [card],
  serving: { runner: "canary-aed", weightsDir: "canary-1b-flash" },
  related: [
    "nvidia/canary-180m-flash",
    "nvidia/canary-1b-v2",
    "nvidia/parakeet-tdt-0.6b-v2",
    "openai/whisper-large-v3-turbo",
    "nvidia/nemotron-asr-multilingual",
  ],
  featured: true,
};
