import type { CatalogModel } from "../types";
import { apiFaq, LAUNCH_ESTIMATE, openAsrLeaderboardTable, OPEN_ASR_LEADERBOARD_HARDWARE } from "./shared";

const card = { label: "Hugging Face model card", url: "https://huggingface.co/nvidia/parakeet-tdt-0.6b-v2" };

export const parakeetTdt06bV2: CatalogModel = {
  id: "nvidia/parakeet-tdt-0.6b-v2",
  shortName: "parakeet-tdt-0.6b-v2",
  name: "Parakeet TDT 0.6B V2",
  orgName: "NVIDIA",
  summary:
    "NVIDIA's 600M-parameter English transcriber built for throughput: punctuated, capitalised text with word timestamps, up to 24 minutes of audio per pass.",
  publishedAt: "2025-05-01",
  updatedAt: "2025-05-01",
  tasks: ["transcription"],
  taskLabel: "Automatic Speech Recognition (ASR)",
  architecture: "FastConformer encoder (XL) + TDT (Token-and-Duration Transducer) decoder",
  parameters: { count: 600_000_000, label: "600 million" },
  license: {
    id: "cc-by-4.0",
    label: "CC-BY-4.0",
    commercialUse: true,
    url: "https://creativecommons.org/licenses/by/4.0/",
  },
  languages: ["en"],
  translationPairs: [],
  capabilities: {
    streaming: false,
    timestamps: ["word", "segment"],
    punctuation: true,
    punctuationToggle: false,
    languageDetection: false,
    diarization: false,
  },
  trainingHours: 120_000,
  trainingData: [
    {
      label: "Human-transcribed (NeMo ASR Set 3.0)",
      hours: 10_000,
      note: "LibriSpeech, Fisher, National Speech Corpus, VCTK, VoxPopuli, Europarl-ASR, MLS English, Common Voice, AMI",
    },
    { label: "Pseudo-labelled", hours: 110_000, note: "YouTube-Commons, YODAS and LibriLight" },
  ],
  maxAudioSeconds: 1440,
  about: [
    {
      paragraphs: [
        "Parakeet TDT 0.6B V2 is an English-only recognizer tuned for speed. It returns text with punctuation and capitalization, predicts timestamps for words and segments, and is noted by NVIDIA for handling spoken numbers and even song lyrics well.",
        "Trained with full attention, it can take up to 24 minutes of audio in a single pass, which keeps long recordings simple to process.",
      ],
    },
    {
      heading: "Architecture and training",
      paragraphs: [
        "An XL FastConformer encoder is paired with a TDT decoder, which predicts tokens together with their durations and so skips ahead through silence instead of stepping frame by frame. The model has 600 million parameters.",
        "NVIDIA trained it on about 120,000 hours of English from its Granary collection: 10,000 hours of human-transcribed speech and 110,000 hours of pseudo-labelled audio, starting from a self-supervised checkpoint and finishing with a short fine-tune on about 500 hours of high-quality transcripts.",
      ],
    },
    {
      heading: "Benchmarks",
      paragraphs: [
        "On the Hugging Face Open ASR Leaderboard it averages 6.05 % WER over eight English test sets with greedy decoding. NVIDIA reports an RTFx of 3380 on the leaderboard data at batch size 128.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["CC-BY-4.0; NVIDIA marks it ready for commercial and non-commercial use."],
    },
  ],
  keyCapabilities: [
    "English transcription with punctuation and capitalization",
    "Word- and segment-level timestamps",
    "Up to 24 minutes of audio in one pass",
    "RTFx of 3380 on the Open ASR Leaderboard data (batch 128)",
  ],
  bestFor: [
    "Large English transcription backlogs where cost per hour matters most",
    "Subtitles and searchable transcripts that need word timings",
    "Recordings heavy with numbers, such as earnings calls",
  ],
  benchmarks: [
    openAsrLeaderboardTable(
      {
        ami: 11.16,
        gigaSpeech: 9.74,
        librispeechClean: 1.69,
        librispeechOther: 3.19,
        earnings22: 11.15,
        spgiSpeech: 2.17,
        tedlium: 3.38,
        voxPopuli: 5.95,
      },
      card,
      "Transducer decoder with greedy decoding, no external language model; the model card's figures, which match the leaderboard",
    ),
  ],
  speed: [
    {
      rtfx: 3380,
      hardware: OPEN_ASR_LEADERBOARD_HARDWARE,
      batchSize: 128,
      note: "Measured on the Open ASR Leaderboard; NVIDIA notes RTFx varies with audio duration and batch size",
      source: card,
    },
  ],
  performanceNotes: [],
  faq: [
    {
      question: "Which languages does it support?",
      answer: "English only. NVIDIA's V3 release extends the same design to 25 European languages.",
    },
    {
      question: "How long can a single recording be?",
      answer: "Up to 24 minutes in one pass.",
    },
    {
      question: "Does it return timestamps?",
      answer: "Yes, at word and segment level (character level too in NVIDIA's toolkit).",
    },
    {
      question: "What is the license?",
      answer: "CC-BY-4.0, which allows commercial use with attribution.",
    },
    apiFaq({ shortName: "parakeet-tdt-0.6b-v2", id: "nvidia/parakeet-tdt-0.6b-v2" }),
  ],
  pricing: LAUNCH_ESTIMATE,
  links: [card],
  serving: { runner: "none" },
  related: [
    "nvidia/canary-1b-flash",
    "nvidia/canary-180m-flash",
    "openai/whisper-large-v3-turbo",
    "kyutai/stt-2.6b-en",
  ],
};
