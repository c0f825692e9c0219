/**
 * Test support: where the shared real-audio fixtures and models live, and the external tools the engine
 * tests use (sox and ffmpeg from Debian, Debian's python3 with torch). A missing tool fails the test with
 * the package to install; nothing is skipped silently.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** ../shared beside the repository (read in place, never copied). */
export const SHARED_DIR = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const AUDIO_FIXTURES = join(SHARED_DIR, "fixtures", "audio");
export const MOONSHINE_DIR = join(SHARED_DIR, "models", "moonshine-micro");
export const REPO_DIR = fileURLToPath(new URL("../../", import.meta.url));
export const DEBIAN_PYTHON = "/usr/bin/python3";

export function fixture(...parts: string[]): string {
  return join(AUDIO_FIXTURES, ...parts);
}

/** Every audio file under the fixtures folder, recursively, sorted. */
export function allAudioFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(wav|flac|mp3|ogg|webm|m4a)$/i.test(name)) out.push(path);
    }
  };
  walk(AUDIO_FIXTURES);
  return out;
}

/** Throws a clear error naming the Debian package when a command-line tool is missing. */
export function requireTool(command: string, debianPackage: string): void {
  const probe = spawnSync(command, ["--version"], { stdio: "ignore" });
  if (probe.error) {
    throw new Error(`'${command}' is not installed; the engine tests need it: apt-get install -y ${debianPackage}`);
  }
}

/** Fails clearly unless Debian's python3 can import torch and numpy. */
export function requireTorchPython(): void {
  const check = spawnSync(DEBIAN_PYTHON, ["-c", "import torch, numpy"], { encoding: "utf8" });
  if (check.error || check.status !== 0) {
    throw new Error(
      `${DEBIAN_PYTHON} cannot import torch and numpy (${check.error?.message ?? check.stderr.trim()}); ` +
        "the frontend parity tests need them: apt-get install -y python3-torch python3-numpy",
    );
  }
}

export function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export interface TempDir {
  path: string;
  file(name: string): string;
  remove(): void;
}

export function makeTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `gigarouter-${prefix}-`));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}
