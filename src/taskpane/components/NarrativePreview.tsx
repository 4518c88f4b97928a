import {
  Badge,
  Body1,
  Button,
  Caption1,
  mergeClasses,
  ToggleButton,
  type BadgeProps,
} from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { ArrowDownload16Regular } from "@fluentui/react-icons/svg/arrow-download";
import { Checkmark16Regular } from "@fluentui/react-icons/svg/checkmark";
import { Copy16Regular } from "@fluentui/react-icons/svg/copy";
import { useEffect, useState, type ReactNode } from "react";
import type { ParagraphStatus, ParagraphView } from "../../app/state";
import { useStrings } from "../i18n";
import { visuallyHidden } from "../styles";

/** Only what asks for the user's attention has a badge: a generated paragraph is the normal case. */
const BADGE_COLOR: Record<Exclude<ParagraphStatus, "自动">, BadgeProps["color"]> = {
  已手动修改: "brand",
  数据已变: "warning",
};

/** 【请填写扣分原因】: text the report leaves for the user, marked like the Word file marks it. */
const PLACEHOLDER = /【[^】]*】/g;

export function hasPlaceholder(text: string): boolean {
  return /【[^】]*】/.test(text);
}

/** Paragraphs the user has to look at: placeholders to fill, figures that moved, text edited by hand. */
export function needsAction(p: ParagraphView): boolean {
  return p.status !== "自动" || hasPlaceholder(p.text);
}

function withPlaceholders(text: string, className: string): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(
      <mark key={m.index} className={className} data-testid="placeholder">
        {m[0]}
      </mark>,
    );
    last = m.index + m[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The copied-state key of 复制全文; a NUL cannot occur in a session's paragraph keys. */
const ALL = "\u0000all";

/** Headings continue the pane's outline: h1 is the pane, h2 the tab's heading, so the report's title is h3. */
const TAGS = { title: "h3", h1: "h4", h2: "h5", h3: "h6", body: "p" } as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  toolbar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  paragraph: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid transparent`,
  },
  stale: { borderLeftColor: tokens.colorStatusWarningBorderActive },
  text: { margin: 0, fontFamily: tokens.fontFamilyBase, color: tokens.colorNeutralForeground1, whiteSpace: "pre-wrap" },
  title: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightBold, textAlign: "center" },
  h1: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightBold },
  h2: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, fontWeight: tokens.fontWeightSemibold },
  h3: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, fontWeight: tokens.fontWeightMedium },
  // 公文 body paragraphs start with a two-character indent.
  body: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase400, textIndent: "2em" },
  meta: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  staleText: { color: tokens.colorStatusWarningForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  placeholder: {
    backgroundColor: tokens.colorPaletteYellowBackground2,
    color: tokens.colorNeutralForeground1,
    borderRadius: tokens.borderRadiusSmall,
  },
  visuallyHidden,
});

export interface NarrativePreviewProps {
  paragraphs: ParagraphView[];
  /** Copies the text; resolves false when copying failed (the pane has already shown why). */
  onCopy(text: string): Promise<boolean>;
  onExport(): Promise<void>;
}

/** The report as it will be written, paragraph by paragraph, with each paragraph's relation to the data. */
export function NarrativePreview({ paragraphs, onCopy, onExport }: NarrativePreviewProps) {
  const t = useStrings();
  const styles = useStyles();
  const [copied, setCopied] = useState<string | undefined>();
  const [exporting, setExporting] = useState(false);
  const [onlyNeedsAction, setOnlyNeedsAction] = useState(false);

  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async (key: string, text: string) => {
    if (await onCopy(text)) setCopied(key);
  };
  const exportWord = async () => {
    setExporting(true);
    try {
      await onExport();
    } finally {
      setExporting(false);
    }
  };

  const staleCount = paragraphs.filter((p) => p.status === "数据已变").length;
  const empty = paragraphs.length === 0;
  const needing = paragraphs.filter(needsAction);
  const shown = onlyNeedsAction ? needing : paragraphs;

  return (
    <div className={styles.root}>
      <div className={styles.toolbar}>
        <Button
          appearance="primary"
          icon={<ArrowDownload16Regular />}
          disabledFocusable={empty || exporting}
          onClick={() => void exportWord()}
        >
          {exporting ? t.exporting : t.exportWord}
        </Button>
        <Button
          icon={copied === ALL ? <Checkmark16Regular /> : <Copy16Regular />}
          disabledFocusable={empty}
          onClick={() => void copy(ALL, paragraphs.map((p) => p.text).join("\n"))}
        >
          {t.copyAll}
        </Button>
        <ToggleButton
          checked={onlyNeedsAction}
          disabledFocusable={empty}
          onClick={() => setOnlyNeedsAction((v) => !v)}
          data-testid="filter-needs-action"
        >
          {t.filterNeedsAction(needing.length)}
        </ToggleButton>
      </div>
      <span className={styles.visuallyHidden} aria-live="polite" data-testid="copy-status">
        {copied !== undefined ? t.copied : ""}
      </span>
      {staleCount > 0 && (
        <Caption1 className={styles.staleText} data-testid="stale-summary">
          {t.staleSummary(staleCount)}
        </Caption1>
      )}
      {empty && <Body1 className={styles.muted}>{t.noNarrative}</Body1>}
      {!empty && shown.length === 0 && <Body1 className={styles.muted}>{t.noneNeedAction}</Body1>}
      {shown.map((p) => {
        const Tag = TAGS[p.level];
        const stale = p.status === "数据已变";
        const placeholder = hasPlaceholder(p.text);
        return (
          <div key={p.key} className={mergeClasses(styles.paragraph, stale && styles.stale)} data-testid={`paragraph-${p.key}`}>
            <Tag className={mergeClasses(styles.text, styles[p.level])}>{withPlaceholders(p.text, styles.placeholder)}</Tag>
            <div className={styles.meta}>
              {p.status !== "自动" && (
                <Badge appearance="tint" size="small" color={BADGE_COLOR[p.status]} data-status={p.status}>
                  {t.paragraphStatus[p.status]}
                </Badge>
              )}
              {placeholder && (
                <Badge appearance="tint" size="small" color="danger" data-status="待填写">
                  {t.placeholderBadge}
                </Badge>
              )}
              {stale && p.staleFigures && p.staleFigures.length > 0 && (
                <Caption1 className={styles.staleText} data-testid="stale-figures">
                  {t.staleFigures(p.staleFigures.join("，"))}
                </Caption1>
              )}
              <Button
                appearance="subtle"
                size="small"
                icon={copied === p.key ? <Checkmark16Regular /> : <Copy16Regular />}
                aria-label={t.copyParagraph}
                title={t.copyParagraph}
                onClick={() => void copy(p.key, p.text)}
              />
            </div>
          </div>
        );
      })}
    </div>
  );
}
