import type { BenchmarkTable, FaqEntry, Pricing, Source } from "../types";

/**
 * Facts and wording several catalog entries share. Kept here so one correction reaches every model.
 */

/** Name of the table `meanWer` (and so "sort by WER") reads; other tables are shown but not averaged. */
export const OPEN_ASR_LEADERBOARD = "Hugging Face Open ASR Leaderboard";

/** The leaderboard's published results file, pinned to the commit the numbers were read from. */
export const openAsrLeaderboardResults: Source = {
  label: "Open ASR Leaderboard results (huggingface/open_asr_leaderboard, en_shortform.csv)",
  url: "https://github.com/huggingface/open_asr_leaderboard/blob/090df1224774bb3c152b57ed3f99898e679222e5/scripts/data/en_shortform.csv",
};

/** Where the leaderboard measures RTFx, per its README. */
export const OPEN_ASR_LEADERBOARD_HARDWARE = "NVIDIA A100-SXM4-80GB";

const LEADERBOARD_CONDITIONS =
  "English short-form test sets; transcripts and references normalised with the leaderboard's English normaliser; one decoding setup for all datasets";

/** WER per dataset, in the order the seed's Canary table uses, so compare rows line up across models. */
export interface LeaderboardWer {
  ami: number;
  gigaSpeech: number;
  librispeechClean: number;
  librispeechOther: number;
  earnings22: number;
  spgiSpeech: number;
  tedlium: number;
  voxPopuli: number;
}

export function openAsrLeaderboardTable(
  wer: LeaderboardWer,
  source: Source = openAsrLeaderboardResults,
  conditions: string = LEADERBOARD_CONDITIONS,
): BenchmarkTable {
  return {
    name: OPEN_ASR_LEADERBOARD,
    conditions,
    results: [
      { dataset: "AMI", wer: wer.ami },
      { dataset: "GigaSpeech", wer: wer.gigaSpeech },
      { dataset: "LibriSpeech Clean", wer: wer.librispeechClean },
      { dataset: "LibriSpeech Other", wer: wer.librispeechOther },
      { dataset: "Earnings22", wer: wer.earnings22 },
      { dataset: "SPGISpeech", wer: wer.spgiSpeech },
      { dataset: "Tedlium", wer: wer.tedlium },
      { dataset: "VoxPopuli", wer: wer.voxPopuli },
    ],
    source,
  };
}

/**
 * The flat per-minute estimate the seed pages show for every model that is not live yet (~$0.0034 for
 * an 883M and a 2.6B model alike): a placeholder until benchmarking on our hardware sets a real price.
 */
export const LAUNCH_ESTIMATE: Pricing = { perMinuteMicroUsd: 3400, estimated: true };

/** The "how do I call it" answer every model page carries, pointing at our OpenAI-compatible API. */
export function apiFaq(model: { shortName: string; id: string; translation?: boolean }): FaqEntry {
  const translation = model.translation
    ? " For translation, send the same request to /v1/audio/translations."
    : "";
  return {
    question: "How do I call this model via the gigarouter API?",
    answer: `Use gigarouter's OpenAI-compatible endpoint: POST your audio file to /v1/audio/transcriptions with your gigarouter API key as the bearer token and model set to "${model.shortName}" (the full id "${model.id}" is accepted too). Any OpenAI SDK works once its base URL points at gigarouter.${translation}`,
  };
}
