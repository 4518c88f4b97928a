import { Body1, Caption1, makeStyles, mergeClasses, ProgressBar, Text, tokens } from "@fluentui/react-components";
import type { EvaluationResult, LevelResult } from "../../domain/engine";
import { formatScore } from "../../domain/format";
import { useStrings } from "../i18n";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  headline: { display: "flex", alignItems: "flex-end", columnGap: tokens.spacingHorizontalXXL },
  figure: { display: "flex", flexDirection: "column" },
  big: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold },
  levels: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, margin: 0, padding: 0 },
  level: { listStyleType: "none", display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  levelHead: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: tokens.spacingHorizontalS },
  levelName: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
  deduction: { color: tokens.colorStatusWarningForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** Total and grade, then 预算执行率 and each 一级指标: score against its applicable weight, deductions flagged. */
export function ScoreCard({ result }: { result: EvaluationResult | undefined }) {
  const t = useStrings();
  const styles = useStyles();
  if (!result) return <Body1 className={styles.muted}>{t.noResult}</Body1>;

  return (
    <div className={styles.root}>
      <div className={styles.headline}>
        <div className={styles.figure}>
          <Caption1 className={styles.muted}>{t.total}</Caption1>
          <Text className={styles.big} data-testid="total">
            {formatScore(result.total)}
          </Text>
        </div>
        <div className={styles.figure}>
          <Caption1 className={styles.muted}>{t.grade}</Caption1>
          <Text className={styles.big} data-testid="grade">
            {result.grade}
          </Text>
        </div>
      </div>
      <ul className={styles.levels} role="list">
        {result.levels.map((level) => (
          <LevelRow key={level.id} level={level} executionRate={level.id === "execution" ? result.rates.execution.display : undefined} />
        ))}
      </ul>
    </div>
  );
}

function LevelRow({ level, executionRate }: { level: LevelResult; executionRate: string | undefined }) {
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
          {deducted ? t.deduction(formatScore(level.deduction)) : t.noDeduction}
        </Caption1>
      )}
    </li>
  );
}
