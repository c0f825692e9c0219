import type { LaunchOptions } from "@playwright/test";

/** Debian's chromium as every spec launches it (never `playwright install`), without its background chatter. */
export function chromiumLaunch(extraArgs: string[] = []): LaunchOptions {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  };
}

/** `test.use()` for a page whose microphone is Chromium's fake one, playing `wav` in a loop, already allowed. */
export function fakeMicrophone(wav: string) {
  return {
    permissions: ["microphone"],
    launchOptions: chromiumLaunch(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${wav}`]),
  };
}
