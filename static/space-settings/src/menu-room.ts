/**
 * Where a select's menu opens and how tall it may be, from the room above and below its field in
 * the frame's window. react-select's own `menuPlacement="auto"` decides from the menu as it is
 * when it opens (@atlaskit/react-select menu-placer.js `getMenuPlacement` measures the menu
 * element), and a search picker opens empty and fills a moment later, so a menu near the bottom
 * of a dialog grew past the window. This decides from the room alone, before the menu exists.
 */
export interface MenuRoom {
  placement: 'top' | 'bottom';
  maxHeight: number;
}

/** The tallest the menu is anyway (react-select's default `maxMenuHeight`). */
export const MENU_MOST = 300;
/** Kept clear between the menu and the window's edge (the menu's own margin, and a little air). */
export const MENU_GAP = 16;

export function menuRoom(above: number, below: number): MenuRoom {
  if (below >= MENU_MOST + MENU_GAP) return { placement: 'bottom', maxHeight: MENU_MOST };
  if (above > below) return { placement: 'top', maxHeight: Math.max(0, Math.min(MENU_MOST, above - MENU_GAP)) };
  return { placement: 'bottom', maxHeight: Math.max(0, Math.min(MENU_MOST, below - MENU_GAP)) };
}
