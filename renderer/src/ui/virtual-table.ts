import type { RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** Row and header heights of the virtualised tables; kept in step with --row-height and --head-height in app.css. */
export const ROW_HEIGHT = 44;
export const HEAD_HEIGHT = 36;

/** The virtualiser of a table whose sticky header sits inside its scroll area `body`: place each row at `start - HEAD_HEIGHT`. */
export function useTableVirtualizer(count: number, body: RefObject<HTMLDivElement | null>) {
  return useVirtualizer({
    count,
    getScrollElement: () => body.current,
    estimateSize: () => ROW_HEIGHT,
    scrollMargin: HEAD_HEIGHT,
    overscan: 12,
  });
}
