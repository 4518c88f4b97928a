import { gzipSync as fflateGzipSync } from "fflate";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { zlibGzip } from "../../src/cli/zlib-gzip";
import { escapeXml } from "../../src/report/wordml";
import { XmlWriter } from "../../src/report/xml-writer";
import { fflateGzip, fromGzip, zip } from "../../src/report/zip";
import { rng } from "../support/random";

/** The .docx container (zip.ts) and the byte writer of its XML (xml-writer.ts). */

const encode = (s: string) => new TextEncoder().encode(s);
/** Byte for byte (toEqual compares megabytes element by element, slowly). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

describe("zip", () => {
  const files: Array<[string, Uint8Array]> = [
    ["[Content_Types].xml", encode('<?xml version="1.0"?><Types/>')],
    ["word/document.xml", encode(`<w:t>${"绩效自评 ".repeat(200_000)}</w:t>`)],
    ["word/empty.xml", new Uint8Array(0)],
  ];

  for (const [name, gzip] of [
    ["fflate", fflateGzip],
    ["node's zlib", zlibGzip],
  ] as const) {
    it(`holds every file, in order, as written (${name})`, async () => {
      const archive = await JSZip.loadAsync(zip(files, gzip));
      expect(Object.keys(archive.files)).toEqual(files.map(([n]) => n));
      for (const [n, data] of files) expect(same(await archive.file(n)!.async("uint8array"), data), n).toBe(true);
    });
  }

  it("compresses the same bytes once", () => {
    const footer = encode("<w:ftr/>".repeat(100));
    let calls = 0;
    const counting = (data: Uint8Array) => (calls++, fflateGzip(data));
    zip(
      Array.from({ length: 50 }, (_, i) => [`word/footer${i}.xml`, footer] as const),
      counting,
    );
    expect(calls).toBe(1);
  });

  it("finds the DEFLATE data behind a gzip header with a file name and an extra field", () => {
    const data = encode("自评报告".repeat(100));
    const plain = fflateGzipSync(data);
    const named = fflateGzipSync(data, { filename: "report.xml", mtime: 0 });
    expect(named.length).toBeGreaterThan(plain.length);
    expect(fromGzip(named, data.length).data).toEqual(fromGzip(plain, data.length).data);
    // FEXTRA: two bytes of length, then the field, before the name.
    const extra = new Uint8Array([...named.subarray(0, 10), 4, 0, 1, 2, 3, 4, ...named.subarray(10)]);
    extra[3] = named[3]! | 4;
    expect(fromGzip(extra, data.length)).toEqual(fromGzip(named, data.length));
    expect(() => fromGzip(plain, data.length + 1)).toThrow(/size/);
    expect(() => fromGzip(data, data.length)).toThrow(/gzip/);
  });
});

describe("XmlWriter", () => {
  const PIECES = ["", "a", "<w:p>", "&", "<", ">", '"', "'", "\u0001", "\u000b", "\t", "\n", "\r", "中文", "　", "😀", "\ud800", "\udc00x", "é", "【请填写】"];

  it("writes markup as it is and text escaped, in UTF-8 as TextEncoder writes it, across its buffers", () => {
    const random = rng(7);
    const w = new XmlWriter();
    // Piece by piece: a lone surrogate at the end of one piece and one at the start of the next are two
    // characters (two U+FFFD), not a pair.
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 60_000; i++) {
      let s = "";
      for (let k = Math.floor(random() * 12); k > 0; k--) s += PIECES[Math.floor(random() * PIECES.length)];
      if (random() < 0.5) {
        const markup = `<w:t w:n="${i % 7}">${[...s].filter((c) => c >= " " && !"&<>\"'".includes(c)).join("")}`;
        w.raw(markup);
        expected.push(encode(markup));
      } else {
        w.text(s);
        expected.push(encode(escapeXml(s)));
      }
    }
    const bytes = w.bytes();
    // Over 1 MB: several of the writer's buffers.
    expect(bytes.length).toBeGreaterThan(2 ** 20);
    expect(same(bytes, Buffer.concat(expected))).toBe(true);
  });

  it("escapes as the docx library did: entities for & < > \" ', control characters but tab and line breaks dropped", () => {
    const w = new XmlWriter().text(`a&b<c>"d'e\u0000\u0008\t\n\r\u000b\u001f`);
    expect(new TextDecoder().decode(w.bytes())).toBe("a&amp;b&lt;c&gt;&quot;d&apos;e\t\n\r");
  });

  it("a string longer than a chunk", () => {
    const long = "指".repeat(2 ** 20);
    expect(same(new XmlWriter().raw("<a>").text(long).raw("</a>").bytes(), encode(`<a>${long}</a>`))).toBe(true);
  });
});
