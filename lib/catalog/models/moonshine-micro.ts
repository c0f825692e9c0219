import type { CatalogModel } from "../types";
import { apiFaq } from "./shared";

/** Pinned to the commit the bundled ONNX file was taken from (its sha256 matches). */
const upstream = {
  label: "moonshine-ai/moonshine, micro/models (commit db88bff)",
  url: "https://github.com/moonshine-ai/moonshine/tree/db88bffd14574212b6094a2e230d4f328029c31b/micro/models",
};

/** The 51 classes, in the model's output order (spelling_cnn_mel_meta.json). */
export const moonshineMicroClasses = [
  ..."abcdefghijklmnopqrstuvwxyz".split(""),
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
  "capital", "uppercase", "star", "dollar", "underscore", "exclamation", "percent", "dash",
  "delete", "finish", "cancel", "wifi", "ip", "yes", "no",
];

export const moonshineMicro: CatalogModel = {
  id: "moonshine-ai/moonshine-micro",
  shortName: "moonshine-micro",
  name: "Moonshine Micro (spelling)",
  orgName: "Moonshine AI",
  summary:
    "A tiny on-device recognizer for one spoken token per clip of about a second: a letter, a digit word or one of 15 command words. It does not transcribe continuous speech.",
  publishedAt: "2026-06-25",
  updatedAt: "2026-06-25",
  tasks: ["transcription"],
  taskLabel: "Isolated-word recognition (51-way spoken token classifier)",
  architecture: "MobileNetV2-style inverted-residual CNN over a 64-bin log-mel spectrogram (int8 ONNX)",
  parameters: { count: 1_020_000, label: "~1.02M" },
  license: {
    id: "mit",
    label: "MIT",
    commercialUse: true,
    url: "https://github.com/moonshine-ai/moonshine/blob/db88bffd14574212b6094a2e230d4f328029c31b/LICENSE",
  },
  languages: ["en"],
  translationPairs: [],
  capabilities: {
    streaming: false,
    timestamps: [],
    punctuation: false,
    punctuationToggle: false,
    languageDetection: false,
    diarization: false,
  },
  maxAudioSeconds: 1,
  about: [
    {
      paragraphs: [
        "Moonshine Micro is a keyword-sized model, not a transcriber. It listens to a clip of about one second and says which of 51 tokens was spoken in it: one of the 26 letters a to z, one of the digit words zero to nine, or one of 15 command words (capital, uppercase, star, dollar, underscore, exclamation, percent, dash, delete, finish, cancel, wifi, ip, yes, no).",
        "Send it one clearly spoken token per request. Longer audio is cut to its first second, and sentences, names spelled in the NATO alphabet or several characters in one clip are outside what it was built for. It is the one model gigarouter serves live today, on the same engine that will run the larger models.",
      ],
    },
    {
      heading: "Architecture",
      paragraphs: [
        "A MobileNetV2-style convolutional network with a width multiplier of 1.0 and about 1.02 million parameters: a strided 3x3 stem, seven inverted-residual stages and a 1x1 convolution head with global average pooling feeding 51 logits. The shipped file stores its weights in int8 and costs about 36 million multiply-accumulates per clip.",
        "The audio front end sits outside the network: 16 kHz mono audio, padded or cut to one second, becomes a 64-bin Slaney log-mel spectrogram (hop of 125 samples, 128 frames) normalised per clip.",
      ],
    },
    {
      heading: "Accuracy",
      paragraphs: [
        "Accuracy here means the share of clips whose top guess is the right token; it is not a word error rate and cannot be compared with the WER tables of the other models. The authors report 90.91 % top-1 accuracy on 220 held-out real recordings (85.96 % on the hard-to-separate E-set letters) and 98.47 % on their speaker-independent validation set. The int8 export scores the same as the fp32 model on the held-out clips.",
      ],
    },
    {
      heading: "License",
      paragraphs: ["Released by Moonshine AI under the MIT license."],
    },
  ],
  keyCapabilities: [
    "Recognises one isolated token per ~1 s clip: letters a-z, digits zero-nine and 15 command words",
    "About 1.02M parameters and ~36 MMAC per clip: runs on microcontrollers",
    "90.91 % top-1 accuracy on 220 real held-out clips",
    "Live on gigarouter now",
  ],
  bestFor: [
    "Spelling out codes, passwords or Wi-Fi names one character at a time",
    "Yes/no and short command prompts in voice interfaces",
    "Trying the gigarouter API end to end before the larger models launch",
  ],
  benchmarks: [],
  speed: [],
  accuracy: [
    { metric: "Top-1 accuracy", value: 90.91, dataset: "220 held-out real clips (captured set)", source: upstream },
    { metric: "E-set top-1 accuracy", value: 85.96, dataset: "220 held-out real clips (captured set)", source: upstream },
    { metric: "Top-1 accuracy", value: 98.47, dataset: "Speaker-independent validation set", source: upstream },
  ],
  performanceNotes: [
    "90.91 % top-1 accuracy on 220 held-out real clips: a classification accuracy, not a word error rate",
    "About 36 MMAC (million multiply-accumulates) per inference on a 64 x 128 log-mel input",
  ],
  faq: [
    {
      question: "Can it transcribe a sentence?",
      answer:
        "No. Each request should hold one spoken token (a letter, a digit word or a command word) in about one second of audio. For running speech, pick one of the larger models.",
    },
    {
      question: "Which words does it know?",
      answer:
        "The letters a to z, the digit words zero to nine, and capital, uppercase, star, dollar, underscore, exclamation, percent, dash, delete, finish, cancel, wifi, ip, yes and no.",
    },
    {
      question: "How accurate is it?",
      answer:
        "Its authors report 90.91 % top-1 accuracy on 220 real held-out clips. That is the share of clips classified correctly, not a word error rate.",
    },
    {
      question: "What license is it under?",
      answer: "MIT, so commercial use is allowed.",
    },
    apiFaq({ shortName: "moonshine-micro", id: "moonshine-ai/moonshine-micro" }),
  ],
  // Live, so the price is set rather than estimated: a deliberately small price for a ~1M-parameter model.
  pricing: { perMinuteMicroUsd: 1000, estimated: false },
  links: [upstream],
  serving: { runner: "moonshine-micro", weightsDir: "moonshine-micro" },
  related: ["UsefulSensors/moonshine-base", "nvidia/canary-180m-flash", "nvidia/parakeet-tdt-0.6b-v2"],
  featured: true,
};
