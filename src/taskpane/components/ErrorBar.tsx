import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { Dismiss16Regular } from "@fluentui/react-icons/svg/dismiss";
import { useId, useState } from "react";
import { useStrings } from "../i18n";

export interface PaneError {
  message: string;
  detail?: string;
}

const useStyles = makeStyles({
  detail: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    maxHeight: "12em",
    overflow: "auto",
    whiteSpace: "pre-wrap",
    wordBreak: "break-word",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  toggle: { paddingLeft: 0, minWidth: 0 },
});

/** One failure, in plain words, with the technical detail folded away but one click (or Enter) from view. */
export function ErrorBar({ error, onDismiss, onRetry }: { error: PaneError; onDismiss?: () => void; onRetry?: () => void }) {
  const t = useStrings();
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const detailId = useId();

  return (
    <MessageBar intent="error" layout="multiline" politeness="assertive" data-testid="error-bar">
      <MessageBarBody>
        <MessageBarTitle>{t.errorTitle}</MessageBarTitle>
        {error.message}
        {error.detail && (
          <div>
            <Button
              appearance="transparent"
              size="small"
              className={styles.toggle}
              aria-expanded={open}
              aria-controls={detailId}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? t.hideDetail : t.showDetail}
            </Button>
            <pre id={detailId} className={styles.detail} hidden={!open}>
              {error.detail}
            </pre>
          </div>
        )}
      </MessageBarBody>
      {(onRetry || onDismiss) && (
        <MessageBarActions
          containerAction={
            onDismiss ? (
              <Button appearance="transparent" size="small" icon={<Dismiss16Regular />} aria-label={t.dismiss} onClick={onDismiss} />
            ) : undefined
          }
        >
          {onRetry && (
            <Button size="small" onClick={onRetry} data-testid="retry">
              {t.retry}
            </Button>
          )}
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
