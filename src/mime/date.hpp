#pragma once
// RFC 5322 section 3.3 date-time, with the obsolete forms of section 4.3
// (two- and three-digit years, alphabetic zones, comments and white space
// anywhere) and the common mistakes (no day of week, no seconds, no zone,
// a day of week with no comma), for SENTBEFORE/SENTON/SENTSINCE and SORT.
//
// Contract: parse_date() returns false for what is not a date; it never
// throws and never reads outside the input. An unknown or military zone is
// read as +0000 (RFC 5322 section 4.3). Years: 0-49 -> 2000+, 50-999 ->
// 1900+ (section 4.3). A leap second (60) is accepted.
#include <cstdint>
#include <string_view>

namespace cairn::mime {

struct date_time {
  std::int64_t unix_seconds = 0;   // UTC
  std::int32_t offset_minutes = 0; // the zone it was written in, east of UTC
  bool operator==(const date_time&) const = default;
};

bool parse_date(std::string_view value, date_time& out);

}  // namespace cairn::mime
