import { Button } from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { useStrings } from "../i18n";

const useStyles = makeStyles({
  root: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * 添加指标 / 删除指标: Excel refuses table rows on the protected 绩效指标 sheet, so the pane offers the two
 * actions (the session unprotects, changes the table and protects again).
 */
export function IndicatorRows({ busy, onAdd, onDelete }: { busy: boolean; onAdd(): void; onDelete(): void }) {
  const t = useStrings();
  const styles = useStyles();
  return (
    <div className={styles.root} role="group" aria-label={t.indicatorRows}>
      <Button size="small" disabledFocusable={busy} onClick={() => !busy && onAdd()}>
        {t.addIndicator}
      </Button>
      <Button size="small" disabledFocusable={busy} title={t.deleteIndicatorHint} onClick={() => !busy && onDelete()}>
        {t.deleteIndicator}
      </Button>
    </div>
  );
}
