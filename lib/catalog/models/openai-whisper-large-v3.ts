import type { CatalogModel } from "../types";
import {
  apiFaq,
  LAUNCH_ESTIMATE,
  openAsrLeaderboardResults,
  openAsrLeaderboardTable,
  OPEN_ASR_LEADERBOARD_HARDWARE,
} from "./shared";
import { whisperLargeV3Languages } from "./whisper-languages";

const card = { label: "Hugging Face model card", url: "https://huggingface.co/openai/whisper-large-v3" };
const repo = { label: "openai/whisper repository", url: "https://github.com/openai/whisper" };
const paper = { label: "Robust Speech Recognition via Large-Scale Weak Supervision", url: "https://arxiv.org/abs/2212.04356" };

export const whisperLargeV3: CatalogModel = {
  id: "openai/whisper-large-v3",
  shortName: "whisper-large-v3",
  name: "Whisper Large V3",
  orgName: "OpenAI",
  summary:
    "OpenAI's largest Whisper: one 1.55B-parameter model that transcribes about a hundred languages, detects which one is spoken, and translates speech into English.",
  publishedAt: "2023-11",
  updatedAt: "2023-11",
  tasks: ["transcription", "translation"],
  taskLabel: "Automatic Speech Recognition (ASR) and speech translation to English",
  architecture: "Transformer encoder-decoder (sequence-to-sequence), 32 decoder layers, 128-bin log-mel input",
  parameters: { count: 1_550_000_000, label: "1550M" },
  license: {
    id: "apache-2.0",
    label: "Apache-2.0",
    commercialUse: true,
    url: "https://www.apache.org/licenses/LICENSE-2.0",
  },
  languages: whisperLargeV3Languages,
  translationPairs: whisperLargeV3Languages.filter((code) => code !== "en").map((from) => ({ from, to: "en" })),
  capabilities: {
    streaming: false,
    timestamps: ["segment", "word"],
    punctuation: true,
    punctuationToggle: false,
    languageDetection: true,
    diarization: false,
  },
  trainingHours: 5_000_000,
  trainingData: [
    { label: "Weakly labelled audio", hours: 1_000_000 },
    { label: "Pseudo-labelled audio", hours: 4_000_000, note: "Transcribed with Whisper large-v2" },
  ],
  about: [
    {
      paragraphs: [
        "Whisper Large V3 is the general-purpose workhorse of open speech recognition. A single model transcribes around a hundred languages, identifies the spoken language on its own, and can translate any of them into English text.",
        "Audio is read in 30-second windows; longer files are handled by sliding that window along the recording. Timestamps come per segment, and word-level timings can be derived from the model's attention.",
      ],
    },
    {
      heading: "What changed from large-v2",
      paragraphs: [
        "The network keeps the large-v2 shape (1550M parameters) but reads 128 mel frequency bins instead of 80 and adds a language token for Cantonese. It was trained for two epochs on 1 million hours of weakly labelled audio plus 4 million hours pseudo-labelled by large-v2, and OpenAI reports 10 % to 20 % fewer errors than large-v2 across many languages.",
      ],
    },
    {
      heading: "Limits",
      paragraphs: [
        "Quality varies widely between languages and tracks how much training data each had. Like other sequence-to-sequence models trained on noisy web data, it can occasionally produce text that was never spoken (hallucination) or repeat itself.",
      ],
    },
    {
      heading: "License",
      paragraphs: [
        "The Hugging Face card lists Apache-2.0; OpenAI's GitHub repository releases the code and weights under MIT. Both allow commercial use.",
      ],
    },
  ],
  keyCapabilities: [
    "Transcription in about 100 languages",
    "Automatic language identification",
    "Speech translation from any supported language into English",
    "Segment timestamps, with word timings derived from attention",
  ],
  bestFor: [
    "Multilingual archives where the language is not known in advance",
    "Turning foreign-language audio into English text",
    "A well-understood baseline to compare other models against",
  ],
  benchmarks: [
    openAsrLeaderboardTable({
      ami: 15.95,
      gigaSpeech: 10.02,
      librispeechClean: 2.01,
      librispeechOther: 3.91,
      earnings22: 11.29,
      spgiSpeech: 2.94,
      tedlium: 3.86,
      voxPopuli: 9.54,
    }),
  ],
  speed: [
    { rtfx: 145.51, hardware: OPEN_ASR_LEADERBOARD_HARDWARE, note: "Open ASR Leaderboard run", source: openAsrLeaderboardResults },
  ],
  performanceNotes: ["10 % to 20 % fewer errors than Whisper large-v2 across a wide range of languages (OpenAI)"],
  faq: [
    {
      question: "How many languages does it cover?",
      answer:
        "Its tokenizer has 100 language tokens (Cantonese was added in this version). Accuracy is far from uniform: well-resourced languages do much better than rare ones.",
    },
    {
      question: "Can it translate?",
      answer: "Yes, from any supported language into English. It does not translate out of English.",
    },
    {
      question: "Which license applies?",
      answer:
        "The Hugging Face card says Apache-2.0 and OpenAI's repository says MIT; either way commercial use is permitted.",
    },
    apiFaq({ shortName: "whisper-large-v3", id: "openai/whisper-large-v3", translation: true }),
  ],
  pricing: LAUNCH_ESTIMATE,
  links: [card, repo, paper],
  serving: { runner: "none" },
  related: [
    "openai/whisper-large-v3-turbo",
    "nvidia/canary-1b-v2",
    "nvidia/nemotron-asr-multilingual",
    "nvidia/canary-1b-flash",
  ],
};
