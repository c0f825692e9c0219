import type { CatalogModel } from "../types";
import {
  apiFaq,
  LAUNCH_ESTIMATE,
  openAsrLeaderboardResults,
  openAsrLeaderboardTable,
  OPEN_ASR_LEADERBOARD_HARDWARE,
} from "./shared";

const modelCard = {
  label: "Moonshine model card (usefulsensors/moonshine)",
  url: "https://github.com/usefulsensors/moonshine/blob/main/model-card.md",
};
const paper = {
  label: "Moonshine: Speech Recognition for Live Transcription and Voice Commands",
  url: "https://arxiv.org/abs/2410.15608",
};

export const moonshineBase: CatalogModel = {
  id: "UsefulSensors/moonshine-base",
  shortName: "moonshine-base",
  name: "Moonshine Base",
  orgName: "Useful Sensors",
  summary:
    "A 61M-parameter English recognizer made for phones and small boards, whose compute grows with the length of the audio instead of padding every clip to 30 seconds.",
  publishedAt: "2024-10",
  updatedAt: "2024-10",
  tasks: ["transcription"],
  taskLabel: "Automatic Speech Recognition (ASR)",
  architecture: "Transformer encoder-decoder (sequence-to-sequence) with variable-length input",
  parameters: { count: 61_000_000, label: "61M" },
  license: {
    id: "mit",
    label: "MIT",
    commercialUse: true,
    url: "https://github.com/usefulsensors/moonshine/blob/main/LICENSE",
  },
  languages: ["en"],
  translationPairs: [],
  capabilities: {
    streaming: false,
    timestamps: [],
    punctuation: true,
    punctuationToggle: false,
    languageDetection: false,
    diarization: false,
  },
  trainingHours: 200_000,
  about: [
    {
      paragraphs: [
        "Moonshine Base is an English speech recognizer aimed at live transcription and voice commands on low-cost hardware. Whisper pads every input to a 30-second window; Moonshine's cost scales with the actual length of the clip, so short utterances come back much sooner (its authors measured 10-second segments at 5x Whisper's speed with equal or better WER).",
        "At 61M parameters it scores a lower average WER on the Open ASR Leaderboard sets than Whisper base.en, the similarly sized Whisper model.",
      ],
    },
    {
      heading: "Training",
      paragraphs: [
        "Useful Sensors trained it on 200,000 hours of audio with transcripts collected from the internet, plus openly available datasets listed in the Moonshine paper. It was released in October 2024.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["MIT."],
    },
  ],
  keyCapabilities: [
    "English transcription on CPUs, phones and single-board computers",
    "Compute proportional to input length: fast on short utterances",
    "61M parameters",
  ],
  bestFor: ["Live captions and voice commands on edge devices", "Low-cost English transcription of short clips"],
  benchmarks: [
    openAsrLeaderboardTable({
      ami: 17.49,
      gigaSpeech: 12.08,
      librispeechClean: 3.38,
      librispeechOther: 8.15,
      earnings22: 16.85,
      spgiSpeech: 5.46,
      tedlium: 5.65,
      voxPopuli: 10.84,
    }),
  ],
  speed: [
    { rtfx: 565.97, hardware: OPEN_ASR_LEADERBOARD_HARDWARE, note: "Open ASR Leaderboard run", source: openAsrLeaderboardResults },
  ],
  performanceNotes: ["10-second segments processed 5x faster than Whisper at the same or better WER (Useful Sensors)"],
  faq: [
    {
      question: "Which languages does it support?",
      answer: "English only.",
    },
    {
      question: "Why is it fast on short clips?",
      answer:
        "It encodes only the audio it is given instead of padding to a fixed 30-second window, so a 3-second command costs a fraction of a 30-second one.",
    },
    {
      question: "What is the license?",
      answer: "MIT.",
    },
    apiFaq({ shortName: "moonshine-base", id: "UsefulSensors/moonshine-base" }),
  ],
  pricing: LAUNCH_ESTIMATE,
  links: [modelCard, paper],
  serving: { runner: "none" },
  related: [
    "moonshine-ai/moonshine-micro",
    "openai/whisper-large-v3-turbo",
    "nvidia/canary-180m-flash",
    "kyutai/stt-2.6b-en",
  ],
};
