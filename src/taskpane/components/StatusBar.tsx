import {
  Badge,
  Button,
  Caption1,
  Spinner,
  Subtitle2,
  Text,
  type BadgeProps,
} from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { ArrowSync16Regular } from "@fluentui/react-icons/svg/arrow-sync";
import { DocumentAdd16Regular } from "@fluentui/react-icons/svg/document-add";
import { Wrench16Regular } from "@fluentui/react-icons/svg/wrench";
import type { BindingStatus, PaneState } from "../../app/state";
import { clockTime } from "../environment";
import { useStrings } from "../i18n";
import { MoreMenu } from "./MoreMenu";

const BADGE_COLOR: Record<BindingStatus, BadgeProps["color"]> = {
  detecting: "informative",
  bound: "success",
  absent: "warning",
  damaged: "danger",
};

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  titleRow: { display: "flex", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  title: { flexGrow: 1, margin: 0 },
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalXS },
  diagnostics: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    "& p": { margin: `${tokens.spacingVerticalXXS} 0 0` },
    "& summary": { cursor: "pointer" },
  },
});

export interface StatusBarProps {
  state: PaneState;
  /** An action is running: buttons stay focusable but do nothing, so a double click does not run twice. */
  busy: boolean;
  onCreate(withSample: boolean): void;
  onRepair(): void;
  onRecompute(): void;
}

/**
 * Which unit and year, whether the workbook is in order, when the figures were last updated, and the
 * workbook-level actions. Until a session has read the workbook (detecting) it says so and every action is
 * disabled, with that message as the reason.
 */
export function StatusBar({ state, busy, onCreate, onRepair, onRecompute }: StatusBarProps) {
  const t = useStrings();
  const styles = useStyles();
  const { binding, templateVersion, lastRecompute } = state;
  // The session may fill these from the workbook before the first evaluation, or only via the result.
  const unit = state.unit ?? state.result?.unit;
  const profile = state.profile ?? state.result?.profile;
  const connecting = binding === "detecting";
  const blocked = busy || connecting;
  // 新建 only where there is no evaluation workbook: over one it would fail (or replace the user's work).
  const workbookOpen = binding === "bound" || binding === "damaged";
  const createHint = connecting ? t.connecting : workbookOpen ? t.createUnavailable : undefined;
  const reasonId = "status-reason";

  return (
    <header className={styles.root} aria-label={t.statusLabel}>
      <div className={styles.titleRow}>
        <Subtitle2 as="h1" className={styles.title}>
          {t.appTitle}
        </Subtitle2>
        {state.host === "preview" && (
          <Badge appearance="outline" color="informative" size="small">
            {t.previewMode}
          </Badge>
        )}
        <MoreMenu
          label={t.moreActions}
          items={[
            {
              key: "repair",
              label: t.repair,
              icon: <Wrench16Regular />,
              disabled: blocked || binding === "absent",
              ...(connecting ? { hint: t.connecting } : {}),
              onSelect: onRepair,
            },
            {
              key: "create",
              label: t.createWorkbook,
              icon: <DocumentAdd16Regular />,
              disabled: blocked || workbookOpen,
              ...(createHint ? { hint: createHint } : {}),
              onSelect: () => onCreate(false),
            },
            {
              key: "sample",
              label: t.createWithSample,
              disabled: blocked || workbookOpen,
              ...(createHint ? { hint: createHint } : {}),
              onSelect: () => onCreate(true),
            },
          ]}
        />
      </div>

      {connecting ? (
        <div className={styles.line} role="status" id={reasonId} data-testid="connecting">
          <Spinner size="extra-tiny" />
          <Text>{t.connecting}</Text>
        </div>
      ) : (
        <div className={styles.line}>
          <Text weight="semibold" data-testid="unit-name">
            {unit?.name || t.unitUnknown}
          </Text>
          {unit && <Text data-testid="unit-year">{t.year(unit.year)}</Text>}
        </div>
      )}

      {/* Polite live region: the workbook's state changes rarely and matters (e.g. the template got damaged). */}
      <div className={styles.line} aria-live="polite">
        {binding !== "bound" && !connecting && (
          <Badge appearance="tint" color={BADGE_COLOR[binding]} data-testid="binding" data-binding={binding}>
            {t.binding[binding]}
          </Badge>
        )}
      </div>

      {!connecting && (
        <div className={styles.line}>
          {profile && <Caption1 data-testid="profile">{t.profile(profile.name)}</Caption1>}
          <Caption1 className={styles.muted} data-testid="last-recompute">
            {lastRecompute ? t.lastRecompute(clockTime(lastRecompute.at)) : t.neverRecomputed}
          </Caption1>
        </div>
      )}

      <div className={styles.buttons}>
        {binding === "absent" && (
          <Button appearance="primary" icon={<DocumentAdd16Regular />} disabledFocusable={busy} onClick={() => onCreate(false)}>
            {t.createWorkbook}
          </Button>
        )}
        {binding === "damaged" && (
          <Button appearance="primary" icon={<Wrench16Regular />} disabledFocusable={busy} onClick={onRepair}>
            {t.repair}
          </Button>
        )}
        <Button
          icon={<ArrowSync16Regular />}
          disabledFocusable={blocked}
          aria-describedby={connecting ? reasonId : undefined}
          onClick={onRecompute}
        >
          {t.recompute}
        </Button>
      </div>

      {(templateVersion || lastRecompute) && (
        <details className={styles.diagnostics} data-testid="diagnostics">
          <summary>{t.diagnostics}</summary>
          {templateVersion && <Caption1 as="p" data-testid="template-version">{t.templateVersion(templateVersion)}</Caption1>}
          {lastRecompute && <Caption1 as="p">{t.recomputeTook(Math.round(lastRecompute.ms))}</Caption1>}
        </details>
      )}
    </header>
  );
}
