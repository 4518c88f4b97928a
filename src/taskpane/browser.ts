/** Clipboard and download, the two things the pane does with the browser itself. */

/**
 * Copies text. The async Clipboard API is tried first; Office's webviews (and pages served over plain http
 * on 政务网) often refuse it, so a hidden textarea + execCommand("copy") is the fallback.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // Permission denied or not focused: fall through to the legacy path.
  }
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  // Off-screen but still selectable; display:none would make select() a no-op.
  Object.assign(area.style, { position: "fixed", top: "0", left: "-9999px", opacity: "0" });
  document.body.appendChild(area);
  try {
    // Focus first: some webviews copy nothing from a selection in an unfocused element.
    area.focus();
    area.select();
    if (!document.execCommand("copy")) throw new Error('document.execCommand("copy") returned false');
  } finally {
    area.remove();
    // Keyboard users keep their place in the pane.
    previous?.focus();
  }
}

export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Saves bytes as a file through a temporary object URL and an <a download>. */
export function downloadBytes(fileName: string, bytes: Uint8Array, mime = DOCX_MIME): void {
  // Copy into a plain ArrayBuffer: a view on a SharedArrayBuffer is not a valid BlobPart.
  const blob = new Blob([bytes.slice().buffer as ArrayBuffer], { type: mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later, not now: some webviews start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
