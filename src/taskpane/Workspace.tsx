import { Subtitle2, Tab, TabList } from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import type { ParagraphView } from "../app/state";
import type { EvaluationResult } from "../domain/engine";
import type { Finding } from "../domain/findings-types";
import { FindingsList } from "./components/FindingsList";
import { Notifications } from "./components/Notifications";
import { NarrativePreview } from "./components/NarrativePreview";
import { ProjectsPanel, type ProjectsSource } from "./components/ProjectsPanel";
import { ScoreCard } from "./components/ScoreCard";
import { useStrings } from "./i18n";

export type TabId = "score" | "check" | "report";

export interface WorkspaceProps {
  tab: TabId;
  onTabChange(tab: TabId): void;
  result: EvaluationResult | undefined;
  findings: Finding[];
  paragraphs: ParagraphView[];
  onSelectCell(cell: string): void;
  onCopy(text: string): Promise<boolean>;
  onExport(): Promise<void>;
  /** The pane's store and actions, for the projects panel. */
  session?: ProjectsSource;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  panel: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  panelTitle: { margin: 0 },
});

const PANEL_ID = "jixiao-panel";

/** The tabs 评分 / 检查 (N) / 报告 and the selected tab's panel. Loaded as its own chunk: see LazyWorkspace. */
export function Workspace(props: WorkspaceProps) {
  const { tab, result, findings, paragraphs } = props;
  const t = useStrings();
  const styles = useStyles();
  const heading = { score: t.scoreHeading, check: t.checkHeading, report: t.reportHeading }[tab];

  return (
    <div className={styles.root}>
      <TabList selectedValue={tab} onTabSelect={(_, data) => props.onTabChange(data.value as TabId)} aria-label={t.tabsLabel}>
        <Tab value="score" id="tab-score" aria-controls={PANEL_ID}>
          {t.tabScore}
        </Tab>
        <Tab value="check" id="tab-check" aria-controls={PANEL_ID}>
          {t.tabCheck(findings.length)}
        </Tab>
        <Tab value="report" id="tab-report" aria-controls={PANEL_ID}>
          {t.tabReport}
        </Tab>
      </TabList>

      <section id={PANEL_ID} role="tabpanel" aria-labelledby={`tab-${tab}`} className={styles.panel}>
        <Subtitle2 as="h2" className={styles.panelTitle}>
          {heading}
        </Subtitle2>
        {tab === "score" && <ScoreCard result={result} onSelectCell={props.onSelectCell} onShowChecks={() => props.onTabChange("check")} />}
        {tab === "score" && props.session && <ProjectsPanel {...props.session} onSelectCell={props.onSelectCell} />}
        {tab === "check" && <FindingsList findings={findings} onSelect={props.onSelectCell} />}
        {tab === "report" && <NarrativePreview paragraphs={paragraphs} onCopy={props.onCopy} onExport={props.onExport} />}
      </section>
      <Notifications />
    </div>
  );
}
