#include "protocol/datetime.hpp"

#include <cstdio>
#include <cstring>

namespace cairn::proto {
namespace {

constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int month_of(std::string_view m) {
  if (m.size() != 3) return 0;
  for (int i = 0; i < 12; ++i) {
    bool eq = true;
    for (int k = 0; k < 3; ++k)
      if ((m[k] | 0x20) != (months[i][k] | 0x20)) eq = false;
    if (eq) return i + 1;
  }
  return 0;
}

bool is_digit(int c) { return c >= '0' && c <= '9'; }

int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

// Reads exactly n digits.
bool digits(std::string_view s, std::size_t& i, int n, int& out) {
  out = 0;
  for (int k = 0; k < n; ++k) {
    if (i >= s.size() || !is_digit(s[i])) return false;
    out = out * 10 + (s[i++] - '0');
  }
  return true;
}

}  // namespace

// Howard Hinnant's civil-date algorithms (public domain).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

calendar_date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::optional<date_time> read_date_time(parser& p) {
  // Read the quoted text, then parse it strictly.
  if (p.peek() != '"') {
    p.fail("Expected a quoted date-time");
    return std::nullopt;
  }
  auto q = p.string();
  if (!q) return std::nullopt;
  std::string_view s = *q;
  std::size_t i = 0;
  int day, mon, year, hh, mm, ss, zh, zm;
  // date-day-fixed = (SP DIGIT) / 2DIGIT
  if (s.size() < 2) return p.fail("Invalid date-time"), std::nullopt;
  if (s[0] == ' ') {
    i = 1;
    if (!digits(s, i, 1, day)) return p.fail("Invalid date-time"), std::nullopt;
  } else if (!digits(s, i, 2, day)) {
    return p.fail("Invalid date-time"), std::nullopt;
  }
  if (i + 5 > s.size() || s[i] != '-' || s[i + 4] != '-') return p.fail("Invalid date-time"), std::nullopt;
  mon = month_of(s.substr(i + 1, 3));
  i += 5;
  bool ok = mon != 0 && digits(s, i, 4, year) && i < s.size() && s[i++] == ' ' && digits(s, i, 2, hh) &&
            i < s.size() && s[i++] == ':' && digits(s, i, 2, mm) && i < s.size() && s[i++] == ':' &&
            digits(s, i, 2, ss) && i < s.size() && s[i++] == ' ' && i < s.size() &&
            (s[i] == '+' || s[i] == '-');
  if (!ok) return p.fail("Invalid date-time"), std::nullopt;
  int sign = s[i++] == '-' ? -1 : 1;
  if (!digits(s, i, 2, zh) || !digits(s, i, 2, zm) || i != s.size())
    return p.fail("Invalid date-time"), std::nullopt;
  if (day < 1 || day > days_in_month(year, mon) || hh > 23 || mm > 59 || ss > 60 || zm > 59)
    return p.fail("Invalid date-time"), std::nullopt;
  date_time t;
  t.offset_minutes = sign * (zh * 60 + zm);
  std::int64_t local = days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss);
  t.unix_seconds = local - static_cast<std::int64_t>(t.offset_minutes) * 60;
  return t;
}

std::optional<calendar_date> read_date(parser& p) {
  bool quoted = p.consume('"');
  // date-text = date-day "-" date-month "-" date-year; date-day = 1*2DIGIT
  std::string_view s = p.rest();
  std::size_t i = 0;
  int day = 0, n = 0;
  while (i < s.size() && is_digit(s[i]) && n < 2) day = day * 10 + (s[i++] - '0'), ++n;
  int year = 0;
  if (n == 0 || i + 5 > s.size() || s[i] != '-' || s[i + 4] != '-') return p.fail("Invalid date"), std::nullopt;
  int mon = month_of(s.substr(i + 1, 3));
  i += 5;
  if (mon == 0 || !digits(s, i, 4, year) || day < 1 || day > days_in_month(year, mon))
    return p.fail("Invalid date"), std::nullopt;
  p.skip(i);
  if (quoted && !p.consume('"')) return p.fail("Invalid date"), std::nullopt;
  return calendar_date{year, mon, day};
}

std::string format_date_time(const date_time& t) {
  std::int64_t local = t.unix_seconds + static_cast<std::int64_t>(t.offset_minutes) * 60;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t secs = local - days * 86400;
  calendar_date d = civil_from_days(days);
  int off = t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d-%s-%04d %02d:%02d:%02d %c%02d%02d", d.day, months[d.month - 1],
                d.year, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60), t.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

}  // namespace cairn::proto
