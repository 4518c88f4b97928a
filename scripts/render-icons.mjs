#!/usr/bin/env node
// Renders the add-in icons (assets/icon-*.png) from the SVG sources with headless Chromium.
// The PNGs are committed, so this only needs to run after an SVG changes:
//   node scripts/render-icons.mjs
// Chromium is the system one (/usr/bin/chromium, or CHROMIUM_PATH); playwright-core never downloads browsers.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const assets = path.join(root, "assets");

// 16 px has its own pixel-aligned drawing; the detailed one blurs into a grey smudge at that size.
export const ICONS = [
  { size: 16, source: "icon-16.svg" },
  { size: 32, source: "icon.svg" },
  { size: 64, source: "icon.svg" },
  { size: 80, source: "icon.svg" },
  { size: 128, source: "icon.svg" },
];

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const { size, source } of ICONS) {
      const svg = await readFile(path.join(assets, source), "utf8");
      // Inline <img> with a data URL so the SVG is rasterised at exactly size×size CSS px.
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}` +
          `img{display:block;width:${size}px;height:${size}px}</style></head>` +
          `<body><img src="${dataUrl}" alt=""></body></html>`,
      );
      await page.waitForFunction(() => document.images[0]?.complete === true);
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      const out = path.join(assets, `icon-${size}.png`);
      await writeFile(out, png);
      console.log(`已生成 / rendered ${path.relative(root, out)} (${size}×${size}, ${png.length} B)`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error("图标生成失败 / icon rendering failed:", err);
    process.exit(1);
  });
}
