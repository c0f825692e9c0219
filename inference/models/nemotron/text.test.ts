/**
 * Token ids -> text and timed words: language tags and control pieces never show, ▁ starts a word, byte
 * pieces become UTF-8, and a word spans its first token's frame to the end of its last token's frame.
 */
import { describe, expect, it } from "vitest";
import { ModelLoadError } from "../../errors.js";
import { loadTokens, NemotronTokens } from "./tokens.js";
import { MODEL_DIR, references } from "./test-fixtures.js";
import { join } from "node:path";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";

const pieces = ["<unk>", "<en-US>", "<de-DE>", "\u2581Hel", "lo", "\u2581world", ",", "\u2581", "<0xC3>", "<0xA9>", "t\u00e9", "\u2581ok", "<blk>"];
const tokens = new NemotronTokens(pieces);
const id = (piece: string) => pieces.indexOf(piece);

describe("text", () => {
  it("drops language tags wherever they appear and joins pieces into words", () => {
    const ids = [id("<en-US>"), id("\u2581Hel"), id("lo"), id("\u2581world"), id(","), id("<de-DE>"), id("\u2581ok")];
    expect(tokens.text(ids)).toBe("Hello world, ok");
    expect(tokens.isHidden(id("<unk>"))).toBe(true);
    expect(tokens.isHidden(id("lo"))).toBe(false);
    expect(tokens.localeOf(id("<de-DE>"))).toBe("de-DE");
    expect(tokens.localeOf(id("<unk>"))).toBeUndefined();
  });

  it("decodes byte pieces as UTF-8 and a lone ▁ as a word break", () => {
    const ids = [id("\u2581"), id("<0xC3>"), id("<0xA9>"), id("t\u00e9"), id("\u2581ok")];
    expect(tokens.text(ids)).toBe("\u00e9t\u00e9 ok");
  });

  it("times a word from its first token's frame to the end of its last token's frame, 80 ms each", () => {
    const ids = [id("<en-US>"), id("\u2581Hel"), id("lo"), id("lo"), id("\u2581world"), id(",")];
    const frames = [0, 3, 3, 5, 9, 12];
    expect(tokens.words(ids, frames, 0.08)).toEqual([
      { text: "Hellolo", start: 0.24, end: 0.48 },
      { text: "world,", start: 0.72, end: 1.04 },
    ]);
  });

});

describe("tokens.txt", () => {
  it("reads the fixture's table: blank last, its size the encoder's vocab_size + 1", async () => {
    const t = await loadTokens(join(MODEL_DIR, "tokens.txt"), references.model.vocabSize);
    expect(t.blank).toBe(references.model.blank);
    expect(t.localeOf(references.model.languageTags["fr-CA"]!)).toBe("fr-CA");
  });

  it("refuses a table that does not match the encoder or does not end with <blk>", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nemotron-tokens-"));
    try {
      await writeFile(join(dir, "a.txt"), "<unk> 0\n\u2581a 1\n<blk> 2\n");
      await expect(loadTokens(join(dir, "a.txt"), 5)).rejects.toBeInstanceOf(ModelLoadError);
      await writeFile(join(dir, "b.txt"), "<unk> 0\n<blk> 1\n\u2581a 2\n");
      await expect(loadTokens(join(dir, "b.txt"), 2)).rejects.toThrow(/<blk>/);
      await writeFile(join(dir, "c.txt"), "<unk> 0\nbroken\n");
      await expect(loadTokens(join(dir, "c.txt"), 1)).rejects.toThrow(/piece id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
