/**
 * Published model exports the operator command can download (`npm run models -- fetch <name>`), pinned
 * to a commit and checked file by file against SHA-256 sums recorded here. A file whose sum differs is
 * refused, wherever it came from.
 */
export interface PublishedFile {
  /** Name in the local model directory. */
  name: string;
  /** Path inside the upstream repository at `commit`. */
  upstreamPath: string;
  sha256: string;
  bytes: number;
}

export interface PublishedModel {
  /** Name on the command line and of the folder under <DATA_DIR>/models (and of a local mirror's folder). */
  name: string;
  /** Catalog model it serves once fetched. */
  modelId: string;
  repository: string;
  commit: string;
  files: readonly PublishedFile[];
}

export const PUBLISHED_MODELS: Readonly<Record<string, PublishedModel>> = {
  "moonshine-micro": {
    name: "moonshine-micro",
    modelId: "moonshine-ai/moonshine-micro",
    repository: "moonshine-ai/moonshine",
    commit: "db88bffd14574212b6094a2e230d4f328029c31b",
    // Sums of the files at that commit (the model's is the one its publisher's notes give).
    files: [
      {
        name: "spelling_cnn_mel.shrunk.onnx",
        upstreamPath: "micro/models/spelling_cnn_mel.shrunk.onnx",
        sha256: "c249f0305df5be98433ccddfda13cf7ddb60e1a7e3465a28d6e992508bd38681",
        bytes: 1310439,
      },
      {
        // Upstream calls it spelling_cnn_meta.json; the engine's layout detection knows the _mel_ name.
        name: "spelling_cnn_mel_meta.json",
        upstreamPath: "micro/models/spelling_cnn_meta.json",
        sha256: "c6162455d46f6e9502fb32db03a3e18d1fa9cbb54bd8f461d1176dbfec6362ca",
        bytes: 903,
      },
      {
        name: "LICENSE",
        upstreamPath: "micro/LICENSE",
        sha256: "c9130682eddbdbfa2b4dbfad22c33d8ea19091a3b9259fa76356b958687dc1b1",
        bytes: 1069,
      },
      {
        name: "README.models.md",
        upstreamPath: "micro/models/README.md",
        sha256: "924e94e6343de3908e0b224e12843584ab12c2e0644cc7606b5a9e77a6783dae",
        bytes: 6446,
      },
    ],
  },
};

export function rawUrl(model: PublishedModel, file: PublishedFile): string {
  return `https://raw.githubusercontent.com/${model.repository}/${model.commit}/${file.upstreamPath}`;
}
