import { Body1, Caption1, createFocusOutlineStyle, makeStyles, mergeClasses, Subtitle2, tokens } from "@fluentui/react-components";
import { ErrorCircle16Regular } from "@fluentui/react-icons/svg/error-circle";
import { Info16Regular } from "@fluentui/react-icons/svg/info";
import { Warning16Regular } from "@fluentui/react-icons/svg/warning";
import type { KeyboardEvent, ReactElement } from "react";
import type { Finding, Severity } from "../../domain/findings-types";
import { displayCell } from "../cells";
import { useStrings } from "../i18n";

const SEVERITIES: Severity[] = ["error", "warning", "info"];

const ICONS: Record<Severity, ReactElement> = {
  error: <ErrorCircle16Regular />,
  warning: <Warning16Regular />,
  info: <Info16Regular />,
};

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  group: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  groupTitle: { margin: 0, display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  list: { margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  item: { listStyleType: "none" },
  entry: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalXXS,
    width: "100%",
    boxSizing: "border-box",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    textAlign: "start",
    font: "inherit",
  },
  clickable: {
    // The focus outline is an ::after box: without a positioned parent it would frame the whole pane.
    position: "relative",
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":active": { backgroundColor: tokens.colorNeutralBackground1Pressed },
    ...createFocusOutlineStyle(),
  },
  error: { color: tokens.colorStatusDangerForeground1 },
  warning: { color: tokens.colorStatusWarningForeground1 },
  info: { color: tokens.colorNeutralForeground3 },
  where: { color: tokens.colorBrandForegroundLink },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Findings grouped 错误 / 警告 / 提示; a finding with a cell is a button that selects it in the workbook. */
export function FindingsList({ findings, onSelect }: { findings: Finding[]; onSelect(cell: string): void }) {
  const t = useStrings();
  const styles = useStyles();
  if (findings.length === 0) return <Body1 className={styles.muted}>{t.noFindings}</Body1>;

  return (
    <div className={styles.root}>
      {SEVERITIES.map((severity) => {
        const group = findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        const headingId = `findings-${severity}`;
        return (
          <section key={severity} className={styles.group} aria-labelledby={headingId} data-testid={`findings-${severity}`}>
            <Subtitle2 as="h3" id={headingId} className={styles.groupTitle}>
              <span className={styles[severity]} aria-hidden>
                {ICONS[severity]}
              </span>
              {t.severityGroup(t.severity[severity], group.length)}
            </Subtitle2>
            {/* role=list: Safari drops list semantics from a <ul> whose bullets are hidden by CSS. */}
            <ul role="list" className={styles.list}>
              {group.map((finding, i) => (
                <li key={`${finding.code}-${finding.ref.field}-${i}`} className={styles.item}>
                  <FindingEntry finding={finding} onSelect={onSelect} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function FindingEntry({ finding, onSelect }: { finding: Finding; onSelect(cell: string): void }) {
  const t = useStrings();
  const styles = useStyles();
  const { cell, field } = finding.ref;
  const body = (
    <>
      <Body1>{finding.message}</Body1>
      <Caption1 className={cell ? styles.where : styles.muted}>{cell ? displayCell(cell) : t.fieldRef(field)}</Caption1>
    </>
  );
  // Without a cell there is nothing to select: plain text, not a control that does nothing.
  if (!cell) return <div className={styles.entry}>{body}</div>;

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    // Handled here (and the native activation cancelled) so Enter selects exactly once in every webview.
    if (e.key === "Enter") {
      e.preventDefault();
      onSelect(cell);
    }
  };
  return (
    <button
      type="button"
      className={mergeClasses(styles.entry, styles.clickable)}
      data-cell={cell}
      aria-label={t.goToCell(finding.message, displayCell(cell))}
      onClick={() => onSelect(cell)}
      onKeyDown={onKeyDown}
    >
      {body}
    </button>
  );
}
