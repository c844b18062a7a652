/**
 * The Fluent theme for the Office theme the pane runs under. Excel says whether its theme is dark
 * (`isDarkTheme`, newer hosts) or gives the pane's background colour (every host): a dark
 * background means a dark theme. Outside Office the pane follows the system's colour scheme.
 */
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";

/** The slice of the Office theme object (officeTheme in the Office context) the pane reads. */
export interface OfficeThemeLike {
  readonly isDarkTheme?: boolean;
  readonly bodyBackgroundColor?: string;
}

/** Relative luminance (WCAG) of "#rrggbb" or "#rgb"; null when it is not such a colour. */
export function luminance(color: string): number | null {
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex === undefined) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  const channel = (index: number) => {
    const value = parseInt(full.slice(index, index + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

export function isDarkOfficeTheme(theme: OfficeThemeLike | undefined | null): boolean {
  if (theme === undefined || theme === null) return false;
  if (typeof theme.isDarkTheme === "boolean") return theme.isDarkTheme;
  const background = theme.bodyBackgroundColor;
  const light = background === undefined ? null : luminance(background);
  return light !== null && light < 0.2;
}

export function paneTheme(dark: boolean): Theme {
  return dark ? webDarkTheme : webLightTheme;
}
