/* level_colours.h — the colours of the 风险等级 wherever a chart shows them: the notice's PDF
 * chart (src/typeset/) and the workbook's charts (src/xlsx/).
 *
 * One table, so that a printed notice and the list handed out with it cannot disagree: 高 red,
 * 中 orange, 低 blue, the warning-colour convention of the ledgers (domain.md "Value sets").
 * Further chart series (not levels) take the extra colours in order. Values are 0xRRGGBB.
 */
#ifndef RISKDOC_LEVEL_COLOURS_H
#define RISKDOC_LEVEL_COLOURS_H

#include <glib.h>
#include "record.h"

/* Colour of chart series `series`: series 0..2 are 高, 中, 低 (rd_level order); later series
 * (a chart with more columns) cycle through the extra colours. */
static inline guint32 rd_chart_colour(int series)
{
  static const guint32 colours[] = {
    [RD_LEVEL_HIGH] = 0xCC1A1A,    /* red */
    [RD_LEVEL_MEDIUM] = 0xF28C1A,  /* orange */
    [RD_LEVEL_LOW] = 0x3373BF,     /* blue */
    0x59A64D, 0x8C59A6, 0x808080,  /* green, purple, grey */
  };
  return colours[(guint)series % G_N_ELEMENTS(colours)];
}

static inline guint32 rd_level_colour(rd_level level)
{
  return rd_chart_colour((int)level);
}

/* One channel of a colour as 0..1 (cairo's unit); shift 16 = red, 8 = green, 0 = blue. */
static inline double rd_colour_channel(guint32 rgb, int shift)
{
  return (double)((rgb >> shift) & 0xFF) / 255.0;
}

#endif
