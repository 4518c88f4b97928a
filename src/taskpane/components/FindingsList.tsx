import { Body1, Button, Caption1, Subtitle2 } from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { ErrorCircle16Regular } from "@fluentui/react-icons/svg/error-circle";
import { Info16Regular } from "@fluentui/react-icons/svg/info";
import { Warning16Regular } from "@fluentui/react-icons/svg/warning";
import type { ReactElement, ReactNode } from "react";
import { findingSpec } from "../../domain/finding-catalogue";
import type { Finding, Severity } from "../../domain/findings-types";
import { displayCell } from "../cells";
import { useStrings } from "../i18n";
import { countBySeverity, rankFindings } from "../standing";

const SEVERITIES: Severity[] = ["error", "warning", "info"];

const ICONS: Record<Severity, ReactElement> = {
  error: <ErrorCircle16Regular />,
  warning: <Warning16Regular />,
  info: <Info16Regular />,
};

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  counts: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalM, margin: 0, padding: 0 },
  count: { listStyleType: "none", display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXXS },
  group: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  groupTitle: { margin: 0, display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  list: { margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  sublist: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    padding: `0 0 0 ${tokens.spacingHorizontalM}`,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  item: { listStyleType: "none" },
  entry: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  title: { fontWeight: tokens.fontWeightSemibold },
  jump: { paddingLeft: 0, paddingRight: 0, minWidth: 0 },
  error: { color: tokens.colorStatusDangerForeground1 },
  warning: { color: tokens.colorStatusWarningForeground1 },
  info: { color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A root cause and the findings that follow from it (its knock-ons elsewhere, kept by linkFindings). */
interface Entry {
  finding: Finding;
  consequences: Finding[];
}

/**
 * Root causes in the list's order (the use case ranks errors first, root causes before knock-ons), each
 * with its knock-ons under it; a knock-on whose cause is not in the list stands on its own.
 */
export function groupFindings(findings: readonly Finding[]): Map<Severity, Entry[]> {
  const entries: Entry[] = [];
  const byCause = new Map<string, Entry>();
  const key = (code: string, field: string) => `${code}|${field}`;
  const ranked = rankFindings(findings);
  for (const f of ranked) {
    if (f.cause) continue;
    const entry = { finding: f, consequences: [] };
    entries.push(entry);
    if (!byCause.has(key(f.code, f.ref.field))) byCause.set(key(f.code, f.ref.field), entry);
  }
  for (const f of ranked) {
    if (!f.cause) continue;
    const root = byCause.get(key(f.cause.code, f.cause.field));
    if (root) root.consequences.push(f);
    else entries.push({ finding: f, consequences: [] });
  }
  const groups = new Map<Severity, Entry[]>(SEVERITIES.map((s) => [s, []]));
  for (const e of entries) groups.get(e.finding.severity)!.push(e);
  return groups;
}

/**
 * Findings in the order to fix them: 错误 / 警告 / 提示 with their counts; in each, root causes first with
 * the findings that follow from them beneath. Each entry: what kind of problem, what is wrong here, the
 * one-line fix, and a button that selects the cell.
 */
export function FindingsList({ findings, onSelect }: { findings: Finding[]; onSelect(cell: string): void }) {
  const t = useStrings();
  const styles = useStyles();
  if (findings.length === 0) return <Body1 className={styles.muted}>{t.noFindings}</Body1>;
  const counts = countBySeverity(findings);
  const groups = groupFindings(findings);

  return (
    <div className={styles.root}>
      <ul role="list" className={styles.counts} data-testid="findings-counts">
        {SEVERITIES.map((s) => (
          <li key={s} className={styles.count}>
            <span className={styles[s]} aria-hidden>
              {ICONS[s]}
            </span>
            <Caption1>{t.severityCount(t.severity[s], counts[s])}</Caption1>
          </li>
        ))}
      </ul>
      {SEVERITIES.map((severity) => {
        const group = groups.get(severity)!;
        if (group.length === 0) return null;
        const headingId = `findings-${severity}`;
        return (
          <section key={severity} className={styles.group} aria-labelledby={headingId} data-testid={`findings-${severity}`}>
            <Subtitle2 as="h3" id={headingId} className={styles.groupTitle}>
              <span className={styles[severity]} aria-hidden>
                {ICONS[severity]}
              </span>
              {t.severityGroup(t.severity[severity], counts[severity])}
            </Subtitle2>
            {/* role=list: Safari drops list semantics from a <ul> whose bullets are hidden by CSS. */}
            <ul role="list" className={styles.list}>
              {group.map(({ finding, consequences }) => (
                <li key={`${finding.code}|${finding.ref.cell ?? finding.ref.field}`} className={styles.item} data-code={finding.code}>
                  <FindingEntry finding={finding} onSelect={onSelect}>
                    {consequences.length > 0 && (
                      <>
                        <Caption1 className={styles.muted}>{t.consequences(consequences.length)}</Caption1>
                        <ul role="list" className={styles.sublist} data-testid="consequences">
                          {consequences.map((c) => (
                            <li key={`${c.code}|${c.ref.cell ?? c.ref.field}`} className={styles.item} data-code={c.code}>
                              <FindingEntry finding={c} onSelect={onSelect} />
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                  </FindingEntry>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function FindingEntry({ finding, onSelect, children }: { finding: Finding; onSelect(cell: string): void; children?: ReactNode }) {
  const t = useStrings();
  const styles = useStyles();
  const { cell } = finding.ref;
  const spec = findingSpec(finding.code);
  return (
    <div className={styles.entry} data-testid="finding">
      <Body1 className={styles.title}>{spec.title}</Body1>
      <Body1>{finding.message}</Body1>
      <Caption1>{t.fix(spec.fix)}</Caption1>
      {/* The button's name is its text: "定位到 预算执行!D7". Without a cell there is nothing to select. */}
      {cell && (
        <Button appearance="transparent" size="small" className={styles.jump} data-cell={cell} onClick={() => onSelect(cell)}>
          {t.goToCell(displayCell(cell))}
        </Button>
      )}
      {children}
    </div>
  );
}
