import { Button, mergeClasses } from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { createFocusOutlineStyle } from "@fluentui/react-tabster";
import { MoreHorizontal20Regular } from "@fluentui/react-icons/svg/more-horizontal";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactElement } from "react";

/**
 * A small menu button (WAI-ARIA menu pattern) instead of Fluent's Menu: that one brings floating-ui,
 * positioning, portals and motion, about 27 KB gzip of the pane's 167 KB first-paint budget, for a
 * three-item list that can simply drop down below its button.
 */
export interface MoreMenuItem {
  key: string;
  label: string;
  icon?: ReactElement;
  disabled?: boolean;
  /** Why the item does nothing now, shown under its label (and so read with it). */
  hint?: string;
  onSelect(): void;
}

const useStyles = makeStyles({
  root: { position: "relative" },
  menu: {
    position: "absolute",
    top: "100%",
    right: 0,
    zIndex: 10,
    width: "max-content",
    maxWidth: "calc(100vw - 24px)",
    display: "flex",
    flexDirection: "column",
    padding: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
  },
  item: {
    // The focus outline is an ::after box: without a positioned parent it would frame the whole pane.
    position: "relative",
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    minHeight: "32px",
    padding: `0 ${tokens.spacingHorizontalS}`,
    border: "none",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: "transparent",
    color: tokens.colorNeutralForeground1,
    font: "inherit",
    textAlign: "start",
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ...createFocusOutlineStyle(),
  },
  disabled: { color: tokens.colorNeutralForegroundDisabled, cursor: "default", ":hover": { backgroundColor: "transparent" } },
  icon: { display: "inline-flex", width: "16px" },
  text: { display: "flex", flexDirection: "column", paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  hint: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, color: tokens.colorNeutralForeground3 },
});

export function MoreMenu({ label, items }: { label: string; items: MoreMenuItem[] }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);

  // Focus moves into the menu when it opens; a click anywhere outside closes it.
  useEffect(() => {
    if (!open) return;
    itemRefs.current[0]?.focus();
    const onPointerDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };

  const onMenuKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = itemRefs.current.filter((b): b is HTMLButtonElement => b !== null);
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      e.preventDefault();
      buttons[(to + buttons.length) % buttons.length]?.focus();
    };
    if (e.key === "ArrowDown") move(index + 1);
    else if (e.key === "ArrowUp") move(index - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(buttons.length - 1);
    else if (e.key === "Escape") {
      e.preventDefault();
      close(true);
    } else if (e.key === "Tab") close(false);
  };

  return (
    <div className={styles.root} ref={rootRef}>
      <Button
        ref={triggerRef}
        appearance="subtle"
        icon={<MoreHorizontal20Regular />}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      />
      {open && (
        <div id={menuId} role="menu" aria-label={label} className={styles.menu} onKeyDown={onMenuKeyDown}>
          {items.map((item, i) => (
            <button
              key={item.key}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              className={mergeClasses(styles.item, item.disabled && styles.disabled)}
              onClick={() => {
                // aria-disabled, not disabled: the item stays focusable and announced, it just does nothing.
                if (item.disabled) return;
                close(true);
                item.onSelect();
              }}
            >
              <span className={styles.icon} aria-hidden>
                {item.icon}
              </span>
              <span className={styles.text}>
                {item.label}
                {item.hint && <span className={styles.hint}>{item.hint}</span>}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
