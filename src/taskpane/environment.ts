import { langFromTag, type Lang } from "./i18n";

/**
 * Pure decisions about language and theme. index.tsx reads Office.context (in Excel) or the page's query
 * string (browser preview, tests) and passes the raw values here, so this file never touches Office.
 */

export type PaneTheme = "light" | "dark";

/** `?lang=en-US` / `?theme=dark` in the preview page; undefined when the query does not say. */
export function fromQuery(search: string): { lang?: Lang; theme?: PaneTheme } {
  const params = new URLSearchParams(search);
  const lang = params.get("lang");
  const theme = params.get("theme");
  return {
    ...(lang ? { lang: langFromTag(lang) } : {}),
    ...(theme === "dark" || theme === "light" ? { theme } : {}),
  };
}

/**
 * Office's theme gives colours, not a name: Excel's 黑色/深灰色 themes have a dark body background.
 * Relative luminance below 0.4 counts as dark (深灰色 is about #444, 0.06; 白色/彩色 are #fff, 1.0).
 */
export function themeFromBackground(color: string | undefined): PaneTheme {
  const rgb = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color?.trim() ?? "");
  if (!rgb) return "light";
  const [r, g, b] = rgb.slice(1, 4).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4 ? "dark" : "light";
}

/** "14:03:21" in local time: the accountant compares it with the clock on the same screen. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
