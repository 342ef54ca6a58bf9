/** Tile geometry for the meeting grid: the largest 16:9 tiles that fit (tile view), or stage view. */

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

/** Stage view: one participant large, the others in a row of thumbnails below. CSS pixels. */
export interface StageLayout {
  stageWidth: number;
  /** The stage tile's offset in the grid, centred above the thumbnails. */
  stageLeft: number;
  stageTop: number;
  /** 0 without thumbnails. */
  thumbWidth: number;
}

/** Thumbnails are at most this wide (135 px tall: the 180p layer on a standard display). */
export const MAX_THUMB_WIDTH = 240;

/** The largest stage that fits above one row of `thumbs` thumbnails, all `aspect` shaped. */
export function stageLayout(thumbs: number, width: number, height: number, gap: number, aspect = 16 / 9): StageLayout {
  const thumbWidth = thumbs <= 0 ? 0 : Math.floor(Math.max(0, Math.min(MAX_THUMB_WIDTH, (width - gap * (thumbs - 1)) / thumbs)));
  const strip = thumbs <= 0 ? 0 : thumbWidth / aspect + gap;
  const available = Math.max(0, height - strip);
  const stageWidth = Math.floor(Math.max(0, Math.min(width, available * aspect)));
  return {
    stageWidth,
    stageLeft: Math.floor((width - stageWidth) / 2),
    stageTop: Math.floor((available - stageWidth / aspect) / 2),
    thumbWidth,
  };
}
