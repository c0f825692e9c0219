import type { CatalogModel } from "../types";
import {
  apiFaq,
  LAUNCH_ESTIMATE,
  openAsrLeaderboardResults,
  openAsrLeaderboardTable,
  OPEN_ASR_LEADERBOARD_HARDWARE,
} from "./shared";

const card = { label: "Hugging Face model card", url: "https://huggingface.co/nvidia/canary-1b-v2" };
const paper = {
  label: "Canary-1B-v2 & Parakeet-TDT-0.6B-v3 (technical report)",
  url: "https://arxiv.org/abs/2509.14128",
};

const languages = [
  "bg", "hr", "cs", "da", "nl", "en", "et", "fi", "fr", "de", "el", "hu", "it",
  "lv", "lt", "mt", "pl", "pt", "ro", "sk", "sl", "es", "sv", "ru", "uk",
];

export const canary1bV2: CatalogModel = {
  id: "nvidia/canary-1b-v2",
  shortName: "canary-1b-v2",
  name: "Canary 1B V2",
  orgName: "NVIDIA",
  summary:
    "NVIDIA's 1B-parameter Canary for 25 European languages: transcription in all of them, and translation from English into the other 24 and from each of them into English.",
  publishedAt: "2025-08",
  updatedAt: "2025-08",
  tasks: ["transcription", "translation"],
  taskLabel: "ASR and AST (Automatic Speech Translation)",
  architecture: "FastConformer encoder + Transformer decoder (encoder-decoder)",
  parameters: { count: 1_000_000_000, label: "1 billion" },
  license: {
    id: "cc-by-4.0",
    label: "CC-BY-4.0",
    commercialUse: true,
    url: "https://creativecommons.org/licenses/by/4.0/",
  },
  languages,
  translationPairs: languages
    .filter((code) => code !== "en")
    .flatMap((code) => [
      { from: "en", to: code },
      { from: code, to: "en" },
    ]),
  capabilities: {
    streaming: false,
    timestamps: ["word", "segment"],
    punctuation: true,
    punctuationToggle: false,
    languageDetection: false,
    diarization: false,
  },
  trainingHours: 1_700_000,
  about: [
    {
      paragraphs: [
        "Canary 1B V2 takes the Canary encoder-decoder design from four languages to 25: Bulgarian, Croatian, Czech, Danish, Dutch, English, Estonian, Finnish, French, German, Greek, Hungarian, Italian, Latvian, Lithuanian, Maltese, Polish, Portuguese, Romanian, Slovak, Slovenian, Spanish, Swedish, Russian and Ukrainian.",
        "Each request names its source and target language, so the same model transcribes or translates (English to any of the 24 others, or any of them to English). Output is punctuated and capitalised, with word- and segment-level timestamps; segment timestamps also work on translations.",
      ],
    },
    {
      heading: "Training",
      paragraphs: [
        "It is the first NeMo model trained on NVIDIA's full Granary dataset. According to NVIDIA's technical report, training used 1.7 million hours of data including Granary and NeMo ASR Set 3.0, with non-speech audio mixed in to reduce hallucinations, in a pre-training and a fine-tuning stage.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["CC-BY-4.0; NVIDIA marks it ready for commercial and non-commercial use."],
    },
  ],
  keyCapabilities: [
    "Transcription in 25 European languages",
    "Translation English to 24 languages and 24 languages to English",
    "Punctuation and capitalization",
    "Word- and segment-level timestamps (segments also for translations)",
  ],
  bestFor: [
    "European multilingual content: parliaments, customer calls, media archives",
    "Subtitling with translation into or out of English",
  ],
  benchmarks: [
    openAsrLeaderboardTable({
      ami: 16.01,
      gigaSpeech: 10.82,
      librispeechClean: 2.18,
      librispeechOther: 3.56,
      earnings22: 11.79,
      spgiSpeech: 2.28,
      tedlium: 4.29,
      voxPopuli: 6.25,
    }),
  ],
  speed: [
    { rtfx: 749, hardware: OPEN_ASR_LEADERBOARD_HARDWARE, note: "Open ASR Leaderboard run", source: openAsrLeaderboardResults },
  ],
  performanceNotes: ["Up to 10x faster than models of comparable quality about three times its size (NVIDIA)"],
  faq: [
    {
      question: "Which languages are supported?",
      answer:
        "25 European languages, from Bulgarian to Ukrainian, for transcription; translation runs between English and each of the other 24.",
    },
    {
      question: "Does it detect the language automatically?",
      answer: "No. You state the source language (and the target language for translation) with each request.",
    },
    {
      question: "What is the license?",
      answer: "CC-BY-4.0, which allows commercial use with attribution.",
    },
    apiFaq({ shortName: "canary-1b-v2", id: "nvidia/canary-1b-v2", translation: true }),
  ],
  pricing: LAUNCH_ESTIMATE,
  links: [card, paper],
  serving: { runner: "none" },
  related: [
    "nvidia/canary-1b-flash",
    "openai/whisper-large-v3",
    "nvidia/nemotron-asr-multilingual",
    "nvidia/canary-180m-flash",
  ],
};
