import type { CatalogModel } from "../types";
import {
  apiFaq,
  LAUNCH_ESTIMATE,
  openAsrLeaderboardResults,
  openAsrLeaderboardTable,
  OPEN_ASR_LEADERBOARD_HARDWARE,
} from "./shared";
import { whisperLargeV3Languages } from "./whisper-languages";

const card = { label: "Hugging Face model card", url: "https://huggingface.co/openai/whisper-large-v3-turbo" };
const repo = { label: "openai/whisper repository", url: "https://github.com/openai/whisper" };

export const whisperLargeV3Turbo: CatalogModel = {
  id: "openai/whisper-large-v3-turbo",
  shortName: "whisper-large-v3-turbo",
  name: "Whisper Large V3 Turbo",
  orgName: "OpenAI",
  summary:
    "A pruned, fine-tuned Whisper Large V3 with 4 decoder layers instead of 32: about 8x faster than large, nearly as accurate, for transcription in the same languages.",
  publishedAt: "2024-10",
  updatedAt: "2024-10",
  tasks: ["transcription"],
  taskLabel: "Automatic Speech Recognition (ASR)",
  architecture: "Transformer encoder-decoder (Whisper large-v3 encoder, decoder pruned from 32 to 4 layers)",
  parameters: { count: 809_000_000, label: "809M" },
  license: { id: "mit", label: "MIT", commercialUse: true, url: "https://github.com/openai/whisper/blob/main/LICENSE" },
  languages: whisperLargeV3Languages,
  translationPairs: [],
  capabilities: {
    streaming: false,
    timestamps: ["segment", "word"],
    punctuation: true,
    punctuationToggle: false,
    languageDetection: true,
    diarization: false,
  },
  about: [
    {
      paragraphs: [
        "Whisper Large V3 Turbo keeps the large-v3 encoder and cuts the decoder from 32 layers to 4, then fine-tunes the result. Since decoding dominates Whisper's run time, this makes it roughly eight times faster than the large model on OpenAI's A100 measurements, with only a small loss in accuracy.",
        "It transcribes the same set of languages as large-v3 and detects the language by itself. It was not trained for translation: asked to translate, it returns text in the original language.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["MIT, so commercial use is allowed."],
    },
  ],
  keyCapabilities: [
    "Multilingual transcription with language identification",
    "About 8x the speed of Whisper large (OpenAI's relative figure on an A100)",
    "809M parameters, about half of large-v3",
  ],
  bestFor: [
    "High-volume multilingual transcription where large-v3 is too slow",
    "Drop-in upgrade for existing Whisper pipelines",
  ],
  benchmarks: [
    openAsrLeaderboardTable({
      ami: 16.13,
      gigaSpeech: 10.14,
      librispeechClean: 2.1,
      librispeechOther: 4.24,
      earnings22: 11.63,
      spgiSpeech: 2.97,
      tedlium: 3.57,
      voxPopuli: 11.87,
    }),
  ],
  speed: [
    { rtfx: 200.19, hardware: OPEN_ASR_LEADERBOARD_HARDWARE, note: "Open ASR Leaderboard run", source: openAsrLeaderboardResults },
  ],
  performanceNotes: ["~8x the speed of Whisper large when transcribing English on an A100 (OpenAI's relative speed table)"],
  faq: [
    {
      question: "How is it different from Whisper Large V3?",
      answer:
        "Same encoder, but the decoder has 4 layers instead of 32 (809M parameters instead of 1550M). It is much faster and slightly less accurate.",
    },
    {
      question: "Can it translate into English?",
      answer: "No. It was trained for transcription only and keeps the spoken language even when translation is requested.",
    },
    {
      question: "What is the license?",
      answer: "MIT.",
    },
    apiFaq({ shortName: "whisper-large-v3-turbo", id: "openai/whisper-large-v3-turbo" }),
  ],
  pricing: LAUNCH_ESTIMATE,
  links: [card, repo],
  serving: { runner: "none" },
  related: [
    "openai/whisper-large-v3",
    "nvidia/parakeet-tdt-0.6b-v2",
    "UsefulSensors/moonshine-base",
    "nvidia/canary-1b-flash",
  ],
};
