#include "mime/date.hpp"

#include <string>

#include "mime/rfc822.hpp"

namespace cairn::mime {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's
// algorithm), valid for any year we accept.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

class scanner {
 public:
  explicit scanner(std::string_view s) : lx_(s) {}
  void skip() { lx_.skip_cfws(); }
  bool at_end() { skip(); return lx_.at_end(); }
  bool peek_is(char c) { skip(); return !lx_.at_end() && lx_.peek() == c; }
  void take() { lx_.advance(); }
  bool number(int& v, unsigned& digits) {
    skip();
    v = 0;
    digits = 0;
    while (!lx_.at_end() && lx_.peek() >= '0' && lx_.peek() <= '9' && digits < 9) {
      v = v * 10 + (lx_.peek() - '0');
      lx_.advance();
      ++digits;
    }
    return digits > 0;
  }
  std::string word() {
    skip();
    std::string w;
    while (!lx_.at_end() && ((lx_.peek() >= 'a' && lx_.peek() <= 'z') ||
                             (lx_.peek() >= 'A' && lx_.peek() <= 'Z'))) {
      w += lx_.peek();
      lx_.advance();
    }
    return w;
  }
  bool digit_next() { skip(); return !lx_.at_end() && lx_.peek() >= '0' && lx_.peek() <= '9'; }

 private:
  lexer lx_;
};

int month_number(std::string_view m) {
  static constexpr std::string_view names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() < 3) return 0;
  for (int i = 0; i < 12; ++i)
    if (iequals(m.substr(0, 3), names[i])) return i + 1;
  return 0;
}

bool zone_name(std::string_view z, int& minutes) {
  struct named { std::string_view name; int hours; };
  static constexpr named zones[] = {{"UT", 0},   {"UTC", 0},  {"GMT", 0},  {"Z", 0},
                                    {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
                                    {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  for (const named& n : zones) {
    if (iequals(z, n.name)) {
      minutes = n.hours * 60;
      return true;
    }
  }
  minutes = 0;  // military and unknown zones: "-0000", RFC 5322 section 4.3
  return !z.empty();
}

}  // namespace

bool parse_date(std::string_view value, date_time& out) {
  scanner sc(value);
  int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0;
  unsigned digits = 0;
  if (!sc.digit_next()) {
    // Optional day of week, with or without the comma.
    std::string dow = sc.word();
    if (dow.empty()) return false;
    if (sc.peek_is(',')) sc.take();
  }
  if (!sc.number(day, digits) || digits > 2 || day < 1 || day > 31) return false;
  if (sc.peek_is('-')) sc.take();  // "1-Jan-2020" (obsolete, seen in the wild)
  month = month_number(sc.word());
  if (month == 0) return false;
  if (sc.peek_is('-')) sc.take();
  if (!sc.number(year, digits)) return false;
  if (digits <= 2) year += year < 50 ? 2000 : 1900;
  else if (digits == 3) year += 1900;
  if (year < 1900 || year > 9999) return false;
  if (!sc.number(hour, digits) || digits > 2 || !sc.peek_is(':')) return false;
  sc.take();
  if (!sc.number(minute, digits) || digits > 2) return false;
  if (sc.peek_is(':')) {
    sc.take();
    if (!sc.number(second, digits) || digits > 2) return false;
  }
  if (hour > 23 || minute > 59 || second > 60) return false;
  static constexpr int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int maxd = mdays[month - 1] + (month == 2 && leap(year) ? 1 : 0);
  if (day > maxd) return false;
  int offset = 0;
  if (sc.peek_is('+') || sc.peek_is('-')) {
    bool neg = sc.peek_is('-');
    sc.take();
    int z = 0;
    if (!sc.number(z, digits) || digits != 4 || z % 100 > 59) return false;
    offset = (z / 100) * 60 + z % 100;
    if (neg) offset = -offset;
  } else if (!sc.at_end()) {
    zone_name(sc.word(), offset);
  }
  std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  out.unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset * 60;
  out.offset_minutes = offset;
  return true;
}

}  // namespace cairn::mime
