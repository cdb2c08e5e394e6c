import { describe, expect, it } from "vitest";
import { decodeBytes, readGias } from "../../src/index.js";

// Issue 24 row 6: Windows-1252's bytes 0x80–0x9F (’ “ ” – … €) are punctuation, not the invisible C1 controls that
// Node 20's TextDecoder gives for them.
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

describe("Windows-1252 bytes 0x80–0x9F", () => {
  it("are read as the characters Windows-1252 gives them", () => {
    const bytes = Uint8Array.from([...ascii("St Mary"), 0x92, ...ascii("s "), 0x93, 0x96, 0x85, 0x94, 0x80, 0x99]);
    expect(decodeBytes(bytes)).toEqual({ text: "St Mary’s “–…”€™", encoding: "windows-1252" });
  });

  it("every byte 0x80–0x9F: no C1 control except the five Windows-1252 leaves undefined", () => {
    const { text } = decodeBytes(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i));
    const c1 = [...text].filter((c) => c.charCodeAt(0) >= 0x80 && c.charCodeAt(0) <= 0x9f);
    expect(c1.map((c) => c.charCodeAt(0))).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    expect(text).toHaveLength(32);
  });

  it("in a GIAS file: the school's name has its apostrophe", () => {
    const bytes = Uint8Array.from([
      ...ascii('URN,EstablishmentName\n100000,"St Peter'),
      0x92,
      ...ascii('s C of E School"\n'),
    ]);
    const { establishments } = readGias(decodeBytes(bytes, "gias.csv").text);
    expect(establishments[0]?.name).toBe("St Peter’s C of E School");
  });
});
