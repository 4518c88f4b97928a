import { escapeXml } from "./wordml";

/**
 * XML written straight into UTF-8 bytes, piece by piece. A report's document.xml is up to 15 MB (5,000
 * indicators): made into one string first, V8 spent several times longer joining that string (hundreds
 * of thousands of pieces, two bytes a character once one Chinese character is in it) and encoding it
 * than copying the pieces' bytes here.
 */

const encoder = new TextEncoder();

/** Bytes are written into chunks of up to 1 MB, joined once at the end. */
const CHUNK = 1 << 20;

export class XmlWriter {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  /** The chunks filled so far. */
  private readonly chunks: Uint8Array[] = [];
  private chunksLength = 0;
  /** Markup comes from a few dozen strings (a cell's start, a paragraph's properties…): each is encoded once. */
  private readonly encoded = new Map<string, Uint8Array>();

  /** Markup: tags and attributes, as they are. */
  raw(markup: string): this {
    let bytes = this.encoded.get(markup);
    if (bytes === undefined) {
      bytes = encoder.encode(markup);
      this.encoded.set(markup, bytes);
    }
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  /** Text: escaped (escapeXml). */
  text(value: string): this {
    const escaped = escapeXml(value);
    // At most 3 bytes a UTF-16 code unit.
    this.reserve(3 * escaped.length);
    this.length += encoder.encodeInto(escaped, this.buffer.subarray(this.length)).written;
    return this;
  }

  /** The bytes written so far. */
  bytes(): Uint8Array {
    if (this.chunks.length === 0) return this.buffer.subarray(0, this.length);
    const out = new Uint8Array(this.chunksLength + this.length);
    let at = 0;
    for (const chunk of [...this.chunks, this.buffer.subarray(0, this.length)]) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  /**
   * Room for `n` more bytes. A full buffer is kept as a chunk and a new one begun, rather than copied into
   * one twice its size: on a large report those copies, and the fresh memory they touched (64 MB for a
   * 15 MB part), cost more than the writing itself.
   */
  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    if (this.length > 0) {
      this.chunks.push(this.buffer.subarray(0, this.length));
      this.chunksLength += this.length;
    }
    // The first buffers stay small, for a small document.
    this.buffer = new Uint8Array(Math.max(n, Math.min(CHUNK, 2 * this.buffer.length)));
    this.length = 0;
  }
}
