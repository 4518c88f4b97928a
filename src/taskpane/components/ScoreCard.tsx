import {
  Badge,
  Body1,
  Button,
  Caption1,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
} from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import type { EvaluationResult, LevelResult } from "../../domain/engine";
import { findingSpec } from "../../domain/finding-catalogue";
import type { Finding } from "../../domain/findings-types";
import { formatScore } from "../../domain/format";
import { displayCell } from "../cells";
import { useStrings } from "../i18n";
import { scoreStanding, type Adjustment, type Standing } from "../standing";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  headline: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", columnGap: tokens.spacingHorizontalXXL, rowGap: tokens.spacingVerticalXS },
  figure: { display: "flex", flexDirection: "column" },
  big: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold },
  // Over open errors the figures are not final: shown lighter, never as the headline's answer.
  untrusted: { color: tokens.colorNeutralForeground4 },
  levels: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, margin: 0, padding: 0 },
  level: { listStyleType: "none", display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  levelHead: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: tokens.spacingHorizontalS },
  levelName: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
  deduction: { color: tokens.colorStatusWarningForeground1, fontWeight: tokens.fontWeightSemibold },
  bannerActions: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalXS },
  link: { paddingLeft: 0, paddingRight: 0, minWidth: 0 },
  adjustments: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  adjustment: {
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteMarigoldBorderActive}`,
  },
  stale: { color: tokens.colorStatusWarningForeground1, fontWeight: tokens.fontWeightSemibold },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

export interface ScoreCardProps {
  result: EvaluationResult | undefined;
  /** Selects the cell of a finding (the banner's first root cause). */
  onSelectCell(cell: string): void;
  /** Opens the 检查 tab. */
  onShowChecks(): void;
}

/**
 * First whether the total can be reported (可上报 / errors / 含手工调整), then total and grade, the
 * scores typed by hand beside the rules' own, and each 一级指标 against its applicable weight.
 */
export function ScoreCard({ result, onSelectCell, onShowChecks }: ScoreCardProps) {
  const t = useStrings();
  const styles = useStyles();
  if (!result) return <Body1 className={styles.muted}>{t.noResult}</Body1>;

  const { standing, adjustments, computedTotal } = scoreStanding(result);
  const untrusted = standing.kind === "errors";
  const adjusted = new Set(adjustments.map((a) => a.key));

  return (
    <div className={styles.root}>
      {standing.kind === "errors" && (
        <ErrorBanner errors={standing.errors} cause={standing.firstCause} onSelectCell={onSelectCell} onShowChecks={onShowChecks} />
      )}
      <StandingBadge standing={standing} />
      <div className={styles.headline}>
        <div className={styles.figure}>
          <Caption1 className={styles.muted}>{t.total}</Caption1>
          <Text className={mergeClasses(styles.big, untrusted && styles.untrusted)} data-testid="total">
            {formatScore(result.total)}
          </Text>
        </div>
        <div className={styles.figure}>
          <Caption1 className={styles.muted}>{t.grade}</Caption1>
          <Text className={mergeClasses(styles.big, untrusted && styles.untrusted)} data-testid="grade">
            {result.grade}
          </Text>
        </div>
        {computedTotal !== undefined && computedTotal !== result.total && (
          <Caption1 className={styles.muted} data-testid="rule-total">
            {t.ruleTotal(formatScore(computedTotal))}
          </Caption1>
        )}
      </div>
      {adjustments.length > 0 && <Adjustments adjustments={adjustments} />}
      <ul className={styles.levels} role="list">
        {result.levels.map((level) => (
          <LevelRow
            key={level.id}
            level={level}
            executionRate={level.id === "execution" ? result.rates.execution.display : undefined}
            adjusted={level.id === "execution" ? adjusted.has("execution") : false}
          />
        ))}
      </ul>
    </div>
  );
}

function StandingBadge({ standing }: { standing: Standing }) {
  const t = useStrings();
  const [color, text] =
    standing.kind === "errors"
      ? (["danger", t.standingErrors(standing.errors)] as const)
      : standing.kind === "adjusted"
        ? (["warning", t.standingAdjusted] as const)
        : (["success", t.standingReady] as const);
  return (
    <div>
      <Badge appearance="tint" size="large" color={color} data-testid="standing" data-standing={standing.kind}>
        {text}
      </Badge>
    </div>
  );
}

/** Above the score: the count of errors and the one to fix first, with a jump to its cell. */
function ErrorBanner({
  errors,
  cause,
  onSelectCell,
  onShowChecks,
}: {
  errors: number;
  cause: Finding;
  onSelectCell(cell: string): void;
  onShowChecks(): void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const cell = cause.ref.cell;
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error-banner">
      <MessageBarBody>
        <MessageBarTitle>{t.errorBannerTitle(errors)}</MessageBarTitle>
        <div>
          {t.firstToFix}
          {findingSpec(cause.code).title}。{cause.message}
        </div>
        <div className={styles.bannerActions}>
          {cell && (
            <Button appearance="transparent" size="small" className={styles.link} data-cell={cell} onClick={() => onSelectCell(cell)}>
              {t.goToFirst(displayCell(cell))}
            </Button>
          )}
          <Button appearance="transparent" size="small" className={styles.link} onClick={onShowChecks}>
            {t.showChecks}
          </Button>
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}

function Adjustments({ adjustments }: { adjustments: Adjustment[] }) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <section aria-labelledby="adjustments-title" data-testid="adjustments">
      <h3 id="adjustments-title" className={styles.sectionTitle}>
        {t.adjustmentsHeading}
      </h3>
      <ul className={styles.adjustments} role="list">
        {adjustments.map((a) => (
          <li key={a.key} className={styles.adjustment} data-testid={`adjustment-${a.key}`} data-stale={a.stale}>
            <Body1>{t.adjustment(a.name, formatScore(a.score), formatScore(a.computed))}</Body1>
            <Caption1 className={styles.muted}>{a.reason ? t.adjustmentReason(a.reason) : t.adjustmentNoReason}</Caption1>
            {a.stale && (
              <Caption1 className={styles.stale} data-testid="adjustment-stale">
                {t.adjustmentStale}
              </Caption1>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LevelRow({ level, executionRate, adjusted }: { level: LevelResult; executionRate: string | undefined; adjusted: boolean }) {
  const t = useStrings();
  const styles = useStyles();
  const applicable = level.applicableWeight > 0;
  const score = formatScore(level.score);
  const weight = formatScore(level.applicableWeight);
  // Compared after rounding: a deduction of 0.001 is shown as none, like the report does.
  const deducted = applicable && formatScore(level.deduction) !== "0" && level.deduction > 0;

  return (
    <li className={styles.level} data-testid={`level-${level.id}`}>
      <div className={styles.levelHead}>
        <Body1 className={styles.levelName}>
          {level.name}
          {executionRate !== undefined && <Caption1 className={styles.muted}> {t.executionRate(executionRate)}</Caption1>}
        </Body1>
        <Body1 data-testid="level-score">{applicable ? t.outOf(score, weight) : t.notApplicable}</Body1>
      </div>
      {applicable && (
        <ProgressBar
          value={Math.min(Math.max(level.score / level.applicableWeight, 0), 1)}
          color={deducted ? "warning" : "brand"}
          thickness="large"
          aria-label={t.levelBar(level.name, score, weight)}
        />
      )}
      {applicable && (
        <Caption1 className={mergeClasses(deducted ? styles.deduction : styles.muted)} data-testid="level-deduction">
          {deducted ? (adjusted ? t.deductionAdjusted(formatScore(level.deduction)) : t.deduction(formatScore(level.deduction))) : t.noDeduction}
        </Caption1>
      )}
    </li>
  );
}
