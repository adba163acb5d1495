/* record.c — names of levels and statuses, and calendar-day helpers (GDate Julian days). */
#include <stdio.h>
#include <string.h>
#include "record.h"

const char *rd_level_name(rd_level level)
{
  static const char *const names[RD_LEVEL_COUNT] = { "高", "中", "低" };
  return level < RD_LEVEL_COUNT ? names[level] : "";
}

const char *rd_status_name(rd_status status)
{
  static const char *const names[RD_STATUS_COUNT] = { "未化解", "化解中", "已化解", "已销号" };
  return status < RD_STATUS_COUNT ? names[status] : "";
}

rd_day rd_day_from_ymd(int year, int month, int day)
{
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return 0;
  if (!g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return 0;
  GDate date;
  g_date_clear(&date, 1);
  g_date_set_dmy(&date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
  return g_date_get_julian(&date);
}

void rd_day_to_ymd(rd_day day, int *year, int *month, int *mday)
{
  GDate date;
  g_date_clear(&date, 1);
  g_date_set_julian(&date, day);
  *year = g_date_get_year(&date);
  *month = g_date_get_month(&date);
  *mday = g_date_get_day(&date);
}

char *rd_day_format_iso(rd_day day, char buf[11])
{
  int y, m, d;
  if (day == 0) {
    buf[0] = '\0';
    return buf;
  }
  rd_day_to_ymd(day, &y, &m, &d);
  g_snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
  return buf;
}

char *rd_day_format_cn(rd_day day, char buf[32])
{
  int y, m, d;
  if (day == 0) {
    buf[0] = '\0';
    return buf;
  }
  rd_day_to_ymd(day, &y, &m, &d);
  g_snprintf(buf, 32, "%d年%d月%d日", y, m, d);
  return buf;
}

rd_day rd_day_parse_iso(const char *text)
{
  int y, m, d;
  char tail;
  if (!text || sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return 0;
  if (strlen(text) != 10)
    return 0;
  return rd_day_from_ymd(y, m, d);
}
