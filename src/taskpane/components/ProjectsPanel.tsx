import {
  Badge,
  Body1,
  Body1Strong,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Subtitle2,
} from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { useState, useSyncExternalStore } from "react";
import type { PaneState, ProjectActions, ProjectView, Store } from "../../app/state";
import { formatAmount, formatRate, formatScore } from "../../domain/format";

/**
 * 项目支出: the workbook's project tables with their scores, and 新增项目 / 复制项目 / 删除项目, each behind a
 * confirmation dialog. A project is renamed in its sheet's 项目名称 cell (改名 goes there). Renders the
 * store's `projects` and calls the session's project actions; it never talks to the workbook.
 */

/** What the panel renders and calls: the pane's store and session (whose actions may include the project actions). */
export interface ProjectsSource {
  store: Store<PaneState>;
  actions: object;
}

/** Whether a pane's actions include the project actions (a detached pane's or a test double's may not). */
export function hasProjectActions(actions: object): actions is ProjectActions {
  return ["addProject", "copyProject", "removeProject"].every((k) => typeof (actions as Record<string, unknown>)[k] === "function");
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalL },
  head: { display: "flex", alignItems: "center", justifyContent: "space-between", columnGap: tokens.spacingHorizontalS },
  title: { margin: 0 },
  list: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  item: {
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  itemHead: { display: "flex", alignItems: "baseline", columnGap: tokens.spacingHorizontalS },
  name: { flexGrow: 1, overflowWrap: "anywhere" },
  score: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalXS },
  warning: { color: tokens.colorStatusDangerForeground1 },
});

type Pending = { kind: "add" } | { kind: "copy"; project: ProjectView } | { kind: "remove"; project: ProjectView };

const label = (p: ProjectView) => p.name.trim() || `（未命名，工作表“${p.sheet}”）`;

/** Mounted in the 评分 tab with the pane's store and actions; renders nothing without project actions or a bound workbook. */
export function ProjectsPanel({ store, actions, onSelectCell }: ProjectsSource & { onSelectCell(cell: string): void }) {
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  if (!hasProjectActions(actions) || (state.binding !== "bound" && state.binding !== "damaged")) return null;
  return <ProjectsList projects={state.projects ?? []} busy={state.busy !== undefined} actions={actions} onSelectCell={onSelectCell} />;
}

export interface ProjectsListProps {
  projects: readonly ProjectView[];
  busy: boolean;
  actions: ProjectActions;
  onSelectCell(cell: string): void;
}

/** The list and the dialogs, from plain props (tests render this directly). */
export function ProjectsList({ projects, busy, actions, onSelectCell }: ProjectsListProps) {
  const styles = useStyles();
  const [pending, setPending] = useState<Pending | null>(null);
  const [name, setName] = useState("");
  const [running, setRunning] = useState(false);

  const open = (p: Pending) => {
    setName(p.kind === "copy" ? `${p.project.name.trim() || p.project.sheet}（副本）` : "");
    setPending(p);
  };

  const confirm = async () => {
    if (!pending) return;
    setRunning(true);
    try {
      const options = name.trim() ? { name: name.trim() } : {};
      if (pending.kind === "add") await actions.addProject(options);
      else if (pending.kind === "copy") await actions.copyProject({ index: pending.project.index, sheet: pending.project.sheet }, options);
      else await actions.removeProject({ index: pending.project.index, sheet: pending.project.sheet });
    } catch {
      // The session shows the failure in the pane's error bar; the dialog just closes.
    } finally {
      setRunning(false);
      setPending(null);
    }
  };

  return (
    <section className={styles.root} aria-labelledby="projects-heading">
      <div className={styles.head}>
        <Subtitle2 as="h3" id="projects-heading" className={styles.title}>
          项目支出（{projects.length} 个）
        </Subtitle2>
        <Button size="small" appearance="primary" disabled={busy} onClick={() => open({ kind: "add" })}>
          新增项目
        </Button>
      </div>
      {projects.length === 0 ? (
        <Body1 className={styles.muted}>尚无项目支出绩效自评表。每个项目一张表，可用“新增项目”添加。</Body1>
      ) : (
        <ul className={styles.list} role="list" aria-label="项目支出绩效自评表">
          {projects.map((p) => (
            <li key={p.sheet} className={styles.item} data-testid="project">
              <div className={styles.itemHead}>
                <Body1Strong className={styles.name}>{label(p)}</Body1Strong>
                <Body1 className={styles.score} data-testid="project-total">
                  {formatScore(p.total)} 分
                </Body1>
                {p.grade && (
                  <Badge appearance="tint" color={p.total >= 90 ? "success" : p.total >= 80 ? "informative" : "warning"}>
                    {p.grade}
                  </Badge>
                )}
              </div>
              <Caption1 className={styles.muted}>
                {[
                  p.budget !== null ? `全年预算 ${formatAmount(p.budget)} 万元` : "全年预算未填",
                  p.rate !== null ? `执行率 ${formatRate(p.rate)}` : null,
                  `工作表“${p.sheet}”`,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Caption1>
              <div className={styles.actions}>
                {p.nameCell && (
                  <Button size="small" appearance="subtle" disabled={busy} title="在项目表的“项目名称”中改名" onClick={() => onSelectCell(p.nameCell!)}>
                    改名
                  </Button>
                )}
                <Button size="small" appearance="subtle" disabled={busy} aria-label={`复制项目：${label(p)}`} onClick={() => open({ kind: "copy", project: p })}>
                  复制
                </Button>
                <Button size="small" appearance="subtle" disabled={busy} aria-label={`删除项目：${label(p)}`} onClick={() => open({ kind: "remove", project: p })}>
                  删除
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <Dialog open={pending !== null} modalType={pending?.kind === "remove" ? "alert" : "modal"} onOpenChange={(_, data) => !data.open && !running && setPending(null)}>
        <DialogSurface aria-describedby="project-dialog-text">
          <DialogBody>
            <DialogTitle>{pending?.kind === "add" ? "新增项目" : pending?.kind === "copy" ? "复制项目" : "删除项目"}</DialogTitle>
            <DialogContent>
              {pending?.kind === "remove" ? (
                <Body1 id="project-dialog-text">
                  将删除项目“{label(pending.project)}”的工作表“{pending.project.sheet}”及其全部内容，项目自评汇总随之更新。
                  <span className={styles.warning}>删除后助手无法恢复该表，</span>请确认已不需要它。
                </Body1>
              ) : (
                <>
                  <Body1 id="project-dialog-text">
                    {pending?.kind === "copy"
                      ? `将新建一张项目表，内容与“${label(pending.project)}”相同（资金、目标和指标），原项目不变。`
                      : "将新建一张空白的项目支出绩效自评表，并加入项目自评汇总。"}
                  </Body1>
                  <Field label="项目名称" hint="可留空，以后在项目表的“项目名称”中填写或修改。">
                    <Input value={name} onChange={(_, data) => setName(data.value)} disabled={running} />
                  </Field>
                </>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" disabled={running} onClick={() => setPending(null)}>
                取消
              </Button>
              <Button appearance="primary" disabled={running} onClick={() => void confirm()}>
                {pending?.kind === "remove" ? "确认删除" : pending?.kind === "copy" ? "复制" : "新增"}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
