import { Body1, makeStyles, Title2, tokens } from "@fluentui/react-components";

/** Where the pane runs: still waiting for office.js, inside Excel, or in a plain browser (preview). */
export type HostMode = "connecting" | "excel" | "preview";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
  },
  title: {
    color: "#C8102E",
  },
});

const HOST_TEXT: Record<HostMode, string> = {
  connecting: "正在连接 Excel…",
  excel: "已在 Excel 中运行",
  preview: "浏览器预览模式（未连接 Excel）",
};

/** Placeholder pane: the product title and the host line. The real UI replaces the body later. */
export function Shell({ mode }: { mode: HostMode }) {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <Title2 as="h1" className={styles.title}>
        绩效自评助手
      </Title2>
      <Body1 data-testid="host-mode" data-mode={mode}>
        {HOST_TEXT[mode]}
      </Body1>
    </main>
  );
}
