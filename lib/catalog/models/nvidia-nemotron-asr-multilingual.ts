import type { CatalogModel } from "../types";
import { apiFaq, LAUNCH_ESTIMATE } from "./shared";

/** NVIDIA's card for the checkpoint behind the `nvidia/nemotron-asr-multilingual` endpoint. */
const card = {
  label: "Hugging Face model card (nvidia/nemotron-3.5-asr-streaming-0.6b)",
  url: "https://huggingface.co/nvidia/nemotron-3.5-asr-streaming-0.6b",
};

/**
 * The `language` values of the seed's API schema, in its order (`auto` is language detection, not a
 * locale). NVIDIA's card lists the same 40 locales and sorts them into three readiness tiers.
 */
const locales = [
  "en-US", "en-GB", "es-US", "es-ES", "de-DE", "fr-FR", "fr-CA", "it-IT", "ar-AR", "ja-JP",
  "ko-KR", "pt-BR", "pt-PT", "ru-RU", "hi-IN", "zh-CN", "vi-VN", "he-IL", "nl-NL", "cs-CZ",
  "da-DK", "pl-PL", "nn-NO", "nb-NO", "sv-SE", "th-TH", "tr-TR", "bg-BG", "el-GR", "et-EE",
  "fi-FI", "hr-HR", "hu-HU", "lt-LT", "lv-LV", "ro-RO", "sk-SK", "uk-UA", "mt-MT", "sl-SI",
];

/** Locales the card says need fine-tuning on in-domain data before they transcribe fully. */
export const nemotronAdaptationReadyLocales = ["el-GR", "lt-LT", "lv-LV", "mt-MT", "sl-SI", "he-IL", "th-TH", "nn-NO"];

export const nemotronAsrMultilingual: CatalogModel = {
  id: "nvidia/nemotron-asr-multilingual",
  shortName: "nemotron-asr-multilingual",
  name: "Nemotron ASR Streaming Multilingual",
  orgName: "NVIDIA",
  summary:
    "NVIDIA's multilingual streaming recognizer: one 600M-parameter model that transcribes 40 language-locales with punctuation, either live in small chunks or in bulk, and can detect the language by itself.",
  publishedAt: "2026-06-04",
  updatedAt: "2026-06-04",
  tasks: ["transcription"],
  taskLabel: "Automatic Speech Recognition (ASR), streaming and batch",
  architecture:
    "Cache-aware FastConformer encoder with 24 layers + RNN-T decoder, with language-ID prompt conditioning",
  parameters: { count: 600_000_000, label: "600M" },
  license: {
    id: "openmdw-1.1",
    label: "OpenMDW-1.1",
    commercialUse: true,
    url: "https://openmdw.ai/license/1-1/",
  },
  languages: locales,
  translationPairs: [],
  capabilities: {
    streaming: true,
    timestamps: [],
    punctuation: true,
    punctuationToggle: false,
    languageDetection: true,
    diarization: false,
  },
  streaming: {
    chunkSizesMs: [1120, 560, 320, 80],
    note: "The API's acceleration setting picks the chunk: none = 1.12 s (most accurate), regular = 0.56 s (default), high = 0.32 s, full = 0.08 s (fastest). NVIDIA's card also lists a 160 ms setting.",
  },
  tags: ["Inference", "Commercial use", "Streaming"],
  about: [
    {
      paragraphs: [
        "Nemotron ASR Streaming Multilingual is the model behind the nvidia/nemotron-asr-multilingual endpoint. It handles both low-latency live transcription and high-volume batch jobs, and its output already includes punctuation and capitalization.",
        "You either tell it which locale to expect or leave language on auto, in which case it works out the language itself and tags the result. NVIDIA publishes it on Hugging Face as nvidia/nemotron-3.5-asr-streaming-0.6b, the multilingual follow-up to its English-only streaming model.",
      ],
    },
    {
      heading: "Languages",
      paragraphs: [
        "It covers 40 language-locales. NVIDIA groups them in three tiers: 19 locales are ready for transcription out of the box, 13 more have broad production coverage, and 8 (Greek, Lithuanian, Latvian, Maltese, Slovenian, Hebrew, Thai and Norwegian Nynorsk) are only adaptation-ready: the tokenizer knows them, but they need fine-tuning on your own data before they transcribe well.",
      ],
    },
    {
      heading: "Architecture",
      paragraphs: [
        "A cache-aware FastConformer encoder with 24 layers feeds an RNN-T decoder. Instead of re-reading overlapping windows the way buffered streaming does, the encoder keeps caches of its attention and convolution states, so every audio frame is processed once. A one-hot language vector is joined to the encoder output before decoding; that prompt is what lets a single network serve every locale.",
        "Latency is a setting, not a retrain: the same weights run with chunks from 80 ms to 1.12 s, trading speed for accuracy. Through the API this is the acceleration option (1.12 s, 0.56 s, 0.32 s or 0.08 s chunks).",
      ],
    },
    {
      heading: "Training and benchmarks",
      paragraphs: [
        "NVIDIA trained it on a mix of its proprietary Riva multilingual set, Granary, Multilingual LibriSpeech, Common Voice, FLEURS and VoxPopuli/Europarl-ASR, with part of the labels produced by an ensemble of ASR models. The table shows NVIDIA's FLEURS word error rates at 1.12 s chunks with the language given.",
        "On one H100, NVIDIA measured 240 concurrent real-time streams at 80 ms chunks and 2,400 at 1.12 s chunks.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["The weights are released under OpenMDW-1.1, and NVIDIA marks the model ready for commercial use."],
    },
  ],
  keyCapabilities: [
    "Streaming and batch transcription from one model",
    "40 language-locales, including en-US/en-GB, es-US/es-ES, fr-FR/fr-CA and pt-BR/pt-PT",
    "Automatic language detection (language: auto)",
    "Four latency settings: 1.12 s, 0.56 s, 0.32 s and 0.08 s chunks",
    "Punctuation and capitalization built in",
  ],
  bestFor: [
    "Multilingual voice agents that must answer quickly",
    "Live captions for calls and broadcasts in many languages",
    "Mixed-language traffic where the language is not known in advance",
  ],
  benchmarks: [
    {
      name: "FLEURS (NVIDIA model card)",
      conditions:
        "FLEURS test sets, 1.12 s chunks, language given to the model (LangID); WER after NVIDIA's text normalisation. Korean, Japanese and Mandarin are scored by character error rate on the card and are not listed here.",
      results: [
        { dataset: "FLEURS English", wer: 7.91 },
        { dataset: "FLEURS Spanish", wer: 4.11 },
        { dataset: "FLEURS French", wer: 9.03 },
        { dataset: "FLEURS Italian", wer: 4.25 },
        { dataset: "FLEURS Portuguese", wer: 5.48 },
        { dataset: "FLEURS German", wer: 8.31 },
        { dataset: "FLEURS Hindi", wer: 6.81 },
      ],
      source: card,
    },
  ],
  speed: [],
  performanceNotes: [
    "240 concurrent real-time streams on a single H100 at 80 ms chunks (NVIDIA's card; 14 for buffered Parakeet RNNT 1.1B multilingual)",
    "2,400 concurrent real-time streams on a single H100 at 1.12 s chunks (400 for Parakeet RNNT 1.1B multilingual)",
  ],
  faq: [
    {
      question: "Which languages can it transcribe?",
      answer:
        "40 language-locales. 32 of them transcribe out of the box; Greek, Lithuanian, Latvian, Maltese, Slovenian, Hebrew, Thai and Norwegian Nynorsk need fine-tuning first. Leave language on auto and it detects the language for you.",
    },
    {
      question: "How do I trade accuracy for latency?",
      answer:
        "Set acceleration: none uses 1.12 s chunks for the best accuracy, regular (the default) 0.56 s, high 0.32 s, and full 0.08 s for the lowest latency.",
    },
    {
      question: "Can I stream audio to it?",
      answer: "Yes. It is built for streaming, and partial results come back while the audio is still arriving.",
    },
    {
      question: "What is the license, and is commercial use allowed?",
      answer: "OpenMDW-1.1; NVIDIA states the model is ready for commercial use.",
    },
    apiFaq({ shortName: "nemotron-asr-multilingual", id: "nvidia/nemotron-asr-multilingual" }),
  ],
  // The seed page for this model is its own provider API page and shows no price: the estimate
  // below is the flat coming-soon figure the other seed pages show, not a number NVIDIA or fal gave.
  pricing: LAUNCH_ESTIMATE,
  // The seed page itself is one provider's (fal) hosted API for this model.
  apiProviders: 1,
  links: [card],
  serving: { runner: "nemotron-streaming", weightsDir: "nemotron-asr-multilingual" },
  related: [
    "kyutai/stt-2.6b-en",
    "nvidia/canary-1b-flash",
    "nvidia/canary-1b-v2",
    "openai/whisper-large-v3",
    "nvidia/parakeet-tdt-0.6b-v2",
  ],
  featured: true,
};
