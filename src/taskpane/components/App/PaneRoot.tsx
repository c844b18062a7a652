import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  type Theme,
} from "@fluentui/react-components";
import type { ReactNode } from "react";

const usePaneRootStyles = makeStyles({
  // The theme's background must cover the whole pane, not just the content.
  root: { minHeight: "100vh" },
  failure: { padding: tokens.spacingHorizontalM },
});

export interface PaneRootProps {
  readonly theme: Theme;
  readonly children: ReactNode;
}

export function PaneRoot({ theme, children }: PaneRootProps) {
  const styles = usePaneRootStyles();
  return (
    <FluentProvider theme={theme} className={styles.root}>
      {children}
    </FluentProvider>
  );
}

/** What the pane shows when it cannot start at all. */
export function StartupFailure({ message }: { readonly message: string }) {
  const styles = usePaneRootStyles();
  return (
    <div className={styles.failure}>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>StockRec could not start</MessageBarTitle>
          {message}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
