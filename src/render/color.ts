/**
 * Colour helpers shared by the document exports (PDF tables, HTML and XLSX cells of the risk
 * report), so text on a coloured fill is chosen the same way in every format.
 */

/**
 * Black or white text on a fill, whichever has the higher WCAG contrast ratio, so a coloured cell
 * stays readable whatever colours a methodology picks. Anything but "#rrggbb" gets black.
 */
export function textColorOn(hex: string): "#000000" | "#ffffff" {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (m?.[1] === undefined) return "#000000";
  const rgb = m[1];
  const channel = (i: number): number => {
    const c = parseInt(rgb.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#000000" : "#ffffff";
}
