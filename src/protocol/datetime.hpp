#pragma once
// IMAP dates (RFC 9051 section 9): date-time for APPEND and INTERNALDATE
// ("17-Jul-1996 02:44:25 -0700") and date for SEARCH ("1-Feb-1994"). Pure;
// no time zone database: a date-time carries its own offset.
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/parser.hpp"

namespace cairn::proto {

struct date_time {
  std::int64_t unix_seconds = 0;
  std::int32_t offset_minutes = 0;  // east of UTC
};

struct calendar_date {
  int year = 0, month = 0, day = 0;  // month 1..12
};

// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
std::optional<date_time> read_date_time(parser& p);
// date = date-text / DQUOTE date-text DQUOTE
std::optional<calendar_date> read_date(parser& p);

// "dd-Mon-yyyy hh:mm:ss +zzzz" (without quotes), in the stored offset.
std::string format_date_time(const date_time& t);

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
std::int64_t days_from_civil(int y, int m, int d);
calendar_date civil_from_days(std::int64_t z);

}  // namespace cairn::proto
