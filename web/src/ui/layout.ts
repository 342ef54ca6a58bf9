/** Tile geometry for the meeting grid: the largest 16:9 tiles that fit the stage. */

export interface GridLayout {
  columns: number;
  /** CSS pixels. */
  tileWidth: number;
}

/** Tries every column count and keeps the one giving the widest tiles. `gap` is in CSS pixels. */
export function bestLayout(count: number, width: number, height: number, gap: number, aspect = 16 / 9): GridLayout {
  let best: GridLayout = { columns: 1, tileWidth: 0 };
  for (let columns = 1; columns <= Math.max(count, 1); columns++) {
    const rows = Math.ceil(Math.max(count, 1) / columns);
    const byWidth = (width - gap * (columns - 1)) / columns;
    const byHeight = ((height - gap * (rows - 1)) / rows) * aspect;
    const tileWidth = Math.floor(Math.max(0, Math.min(byWidth, byHeight)));
    if (tileWidth > best.tileWidth) best = { columns, tileWidth };
  }
  return best;
}
