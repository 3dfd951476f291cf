#include "store/mbox.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "protocol/writer.hpp"
#include "store/flags.hpp"

namespace cairn::store {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool starts_with(std::string_view s, std::size_t at, std::string_view prefix) {
  return at <= s.size() && s.size() - at >= prefix.size() && s.compare(at, prefix.size(), prefix) == 0;
}

// The line starting at `at`: [at, end of its content), and where the next
// begins. A line's content excludes "\n" and a "\r" before it.
struct line_span {
  std::size_t begin, end, next;
  bool blank() const { return begin == end; }
};

line_span line_at(std::string_view s, std::size_t at) {
  std::size_t nl = s.find('\n', at);
  std::size_t next = nl == std::string_view::npos ? s.size() : nl + 1;
  std::size_t end = nl == std::string_view::npos ? s.size() : nl;
  if (end > at && s[end - 1] == '\r') --end;
  return {at, end, next};
}

bool is_from_line(std::string_view s, std::size_t at) { return starts_with(s, at, "From "); }

// Fields that hold mbox state rather than mail (Dovecot hides the same).
bool mbox_state_field(std::string_view name) {
  static const char* const names[] = {"status", "x-status", "x-keywords", "x-uid",
                                      "x-imap", "x-imapbase", "content-length"};
  for (const char* n : names)
    if (iequals(name, n)) return true;
  return false;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r' || v.front() == '\n'))
    v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
    v.remove_suffix(1);
  return v;
}

// A header field's name: the bytes before the colon, spaces and tabs
// before it allowed (RFC 5322 obsolete syntax) but nothing else trimmed: a
// line starting with a CR or a space names no field.
std::string_view field_name(std::string_view line, std::size_t colon) {
  std::string_view n = line.substr(0, colon);
  while (!n.empty() && (n.back() == ' ' || n.back() == '\t')) n.remove_suffix(1);
  return n;
}

// Content-Length from a header section, when it is a plain number.
std::optional<std::size_t> content_length(std::string_view header) {
  std::size_t at = 0;
  while (at < header.size()) {
    line_span l = line_at(header, at);
    std::string_view line = header.substr(l.begin, l.end - l.begin);
    at = l.next;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !iequals(field_name(line, colon), "content-length")) continue;
    std::string_view v = trim(line.substr(colon + 1));
    if (v.empty() || v.size() > 15) return std::nullopt;
    std::size_t n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
  }
  return std::nullopt;
}

// Applies one mbox state field to `fl`.
void apply_state_field(std::string_view name, std::string_view value, flags& fl) {
  if (iequals(name, "status")) {
    for (char c : value)
      if (c == 'R') fl.system |= flag_seen;
  } else if (iequals(name, "x-status")) {
    for (char c : value) {
      if (c == 'A') fl.system |= flag_answered;
      else if (c == 'F') fl.system |= flag_flagged;
      else if (c == 'T') fl.system |= flag_draft;
      else if (c == 'D') fl.system |= flag_deleted;
    }
  } else if (iequals(name, "x-keywords")) {
    std::size_t i = 0;
    while (i < value.size()) {
      while (i < value.size() && (value[i] == ' ' || value[i] == ',' || value[i] == '\t' || value[i] == '\r' ||
                                  value[i] == '\n'))
        ++i;
      std::size_t j = i;
      while (j < value.size() && value[j] != ' ' && value[j] != ',' && value[j] != '\t' && value[j] != '\r' &&
             value[j] != '\n')
        ++j;
      if (j > i) {
        std::string kw(value.substr(i, j - i));
        if (kw.size() <= 255 && proto::is_atom(kw)) fl.keywords.push_back(std::move(kw));
      }
      i = j;
    }
    normalize_keywords(fl.keywords);
  }
}

// Removes the mbox state fields from `msg`'s header, reading flags from
// them. Everything else is kept byte for byte.
std::string strip_state_fields(std::string_view msg, flags& fl) {
  std::string out;
  out.reserve(msg.size());
  std::size_t at = 0;
  bool dropping = false;
  std::string_view name;
  std::string value;
  auto finish = [&] {
    if (dropping) apply_state_field(name, value, fl);
    dropping = false;
    value.clear();
  };
  while (at < msg.size()) {
    line_span l = line_at(msg, at);
    std::string_view raw = msg.substr(at, l.next - at);
    std::string_view line = msg.substr(l.begin, l.end - l.begin);
    if (l.blank()) {  // end of the header: the rest is the body
      finish();
      out.append(msg.substr(at));
      return out;
    }
    at = l.next;
    if (line.front() == ' ' || line.front() == '\t') {  // a continuation line
      if (dropping) value.append(line);
      else out.append(raw);
      continue;
    }
    finish();
    auto colon = line.find(':');
    std::string_view n = colon == std::string_view::npos ? std::string_view() : field_name(line, colon);
    if (!n.empty() && mbox_state_field(n)) {
      dropping = true;
      name = n;
      value.assign(line.substr(colon + 1));
      continue;
    }
    out.append(raw);
  }
  finish();
  return out;
}

// mboxrd: ^>+From  loses one '>'; mboxo: only ^>From .
std::string unescape(std::string_view msg, mbox_escaping esc) {
  std::string out;
  out.reserve(msg.size());
  std::size_t at = 0;
  while (at < msg.size()) {
    line_span l = line_at(msg, at);
    std::size_t gt = at;
    while (gt < l.end && msg[gt] == '>') ++gt;
    bool escaped = gt > at && starts_with(msg, gt, "From ") && (esc == mbox_escaping::mboxrd || gt == at + 1);
    out.append(msg.substr(escaped ? at + 1 : at, l.next - (escaped ? at + 1 : at)));
    at = l.next;
  }
  return out;
}

int month_index(std::string_view m) {
  static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (iequals(m, months[i])) return i;
  return -1;
}

bool is_weekday(std::string_view d) {
  static const char* const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (const char* n : days)
    if (iequals(d, n)) return true;
  return false;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "+0100" / "-0530" -> minutes; "UTC", "GMT", "UT" -> 0.
std::optional<int> zone_minutes(std::string_view z) {
  if (iequals(z, "UTC") || iequals(z, "GMT") || iequals(z, "UT")) return 0;
  if (z.size() != 5 || (z[0] != '+' && z[0] != '-') || !all_digits(z.substr(1))) return std::nullopt;
  int h = (z[1] - '0') * 10 + (z[2] - '0'), m = (z[3] - '0') * 10 + (z[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return (z[0] == '-' ? -1 : 1) * (h * 60 + m);
}

}  // namespace

std::optional<zoned_time> parse_from_line_date(std::string_view envelope) {
  std::vector<std::string_view> tok;
  std::size_t i = 0;
  while (i < envelope.size() && tok.size() < 64) {
    while (i < envelope.size() && (envelope[i] == ' ' || envelope[i] == '\t' || envelope[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < envelope.size() && envelope[j] != ' ' && envelope[j] != '\t' && envelope[j] != '\r') ++j;
    if (j > i) tok.push_back(envelope.substr(i, j - i));
    i = j;
  }
  for (std::size_t k = 0; k + 4 < tok.size() + 1 && k + 3 < tok.size(); ++k) {
    if (!is_weekday(tok[k])) continue;
    int mon = month_index(tok[k + 1]);
    if (mon < 0 || !all_digits(tok[k + 2]) || tok[k + 2].size() > 2) continue;
    std::string_view t = tok[k + 3];
    int hh = -1, mm = -1, ss = 0;
    if (t.size() == 5 && t[2] == ':' && all_digits(t.substr(0, 2)) && all_digits(t.substr(3, 2))) {
      hh = (t[0] - '0') * 10 + (t[1] - '0');
      mm = (t[3] - '0') * 10 + (t[4] - '0');
    } else if (t.size() == 8 && t[2] == ':' && t[5] == ':' && all_digits(t.substr(0, 2)) &&
               all_digits(t.substr(3, 2)) && all_digits(t.substr(6, 2))) {
      hh = (t[0] - '0') * 10 + (t[1] - '0');
      mm = (t[3] - '0') * 10 + (t[4] - '0');
      ss = (t[6] - '0') * 10 + (t[7] - '0');
    } else {
      continue;
    }
    int day = 0;
    for (char c : tok[k + 2]) day = day * 10 + (c - '0');
    if (hh > 23 || mm > 59 || ss > 60 || day < 1 || day > 31) continue;
    // [zone] year [zone]
    std::optional<int> zone;
    int year = -1;
    for (std::size_t x = k + 4; x < tok.size() && x < k + 7; ++x) {
      if (all_digits(tok[x]) && tok[x].size() == 4 && year < 0) {
        year = (tok[x][0] - '0') * 1000 + (tok[x][1] - '0') * 100 + (tok[x][2] - '0') * 10 + (tok[x][3] - '0');
      } else if (auto z = zone_minutes(tok[x]); z && !zone) {
        zone = z;
      } else if (year >= 0) {
        break;
      }
    }
    if (year < 1970 || year > 9999) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = day;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    if (zone) {
      std::int64_t utc = static_cast<std::int64_t>(timegm(&tm)) - static_cast<std::int64_t>(*zone) * 60;
      return zoned_time{utc, *zone};
    }
    tm.tm_isdst = -1;
    std::time_t local = std::mktime(&tm);
    if (local == static_cast<std::time_t>(-1)) return std::nullopt;
    return zoned_time{static_cast<std::int64_t>(local), static_cast<std::int32_t>(tm.tm_gmtoff / 60)};
  }
  return std::nullopt;
}

bool split_mbox(std::string_view data, mbox_escaping esc, std::size_t max_message,
                const std::function<bool(mbox_message&&)>& fn) {
  std::size_t pos = 0;
  while (pos < data.size()) {  // leading blank lines
    line_span l = line_at(data, pos);
    if (!l.blank()) break;
    pos = l.next;
  }
  if (pos >= data.size()) return true;
  if (!is_from_line(data, pos)) return false;

  while (pos < data.size()) {
    mbox_message m;
    m.offset = pos;
    line_span from = line_at(data, pos);
    m.envelope = std::string(data.substr(from.begin + 5, from.end - from.begin - 5));
    m.date = parse_from_line_date(m.envelope);
    const std::size_t body_start = from.next;

    // The header: up to the first blank line (or a From_ line: no body).
    std::size_t at = body_start, header_end = std::string_view::npos;
    while (at < data.size()) {
      if (is_from_line(data, at)) break;
      line_span l = line_at(data, at);
      at = l.next;
      if (l.blank()) {
        header_end = at;
        break;
      }
    }

    std::size_t end = std::string_view::npos, next = data.size();
    bool counted = false;
    if (header_end != std::string_view::npos) {
      auto cl = content_length(data.substr(body_start, header_end - body_start));
      if (cl && *cl <= data.size() - header_end) {
        std::size_t cand = header_end + *cl;
        std::size_t after = cand;
        for (int blanks = 0; blanks < 2 && after < data.size(); ++blanks) {
          line_span l = line_at(data, after);
          if (!l.blank()) break;
          after = l.next;
        }
        // Only at a line start: a From_ line never begins mid-line.
        const bool line_start = cand == header_end || data[cand - 1] == '\n';
        if (cand == data.size() || (line_start && (after == data.size() || is_from_line(data, after)))) {
          end = cand;
          next = after;
          counted = true;
        }
      }
    }
    if (!counted) {
      std::size_t q = header_end == std::string_view::npos ? at : header_end;
      while (q < data.size() && !is_from_line(data, q)) q = line_at(data, q).next;
      next = q;
      end = q;
      // One blank line before the next From_ line separates; it is not mail.
      std::string_view msg = data.substr(body_start, end - body_start);
      if (msg.size() >= 4 && msg.substr(msg.size() - 4) == "\r\n\r\n") end -= 2;
      else if (msg.size() >= 2 && msg.substr(msg.size() - 2) == "\n\n") end -= 1;
      else if (msg == "\r\n") end -= 2;
      else if (msg == "\n") end -= 1;
    }
    const std::size_t len = end - body_start;
    if (len > max_message) {
      m.too_large = true;
    } else {
      std::string_view raw = data.substr(body_start, len);
      std::string unescaped = counted ? std::string(raw) : unescape(raw, esc);
      m.data = strip_state_fields(unescaped, m.fl);
    }
    if (!fn(std::move(m))) return true;
    pos = next;
  }
  return true;
}

void append_mbox_message(std::string& out, std::string_view msg, const flags& fl, const zoned_time& date) {
  // The sender from Return-Path, as Dovecot's mbox writer takes it.
  std::string sender = "MAILER-DAEMON";
  {
    std::size_t at = 0;
    while (at < msg.size()) {
      line_span l = line_at(msg, at);
      if (l.blank()) break;
      std::string_view line = msg.substr(l.begin, l.end - l.begin);
      at = l.next;
      constexpr std::string_view rp = "return-path:";
      if (line.size() > rp.size() && iequals(line.substr(0, rp.size()), rp)) {
        std::string_view v = trim(line.substr(rp.size()));
        if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
        bool ok = !v.empty();
        for (char c : v)
          if (c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x21) ok = false;
        if (ok) sender = std::string(v);
        break;
      }
    }
  }
  // The wall time in the date's own zone, and the zone.
  std::time_t wall = static_cast<std::time_t>(date.unix_seconds + static_cast<std::int64_t>(date.offset_minutes) * 60);
  std::tm tm{};
  gmtime_r(&wall, &tm);
  char when[64];
  std::size_t n = std::strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y", &tm);
  const int off = std::clamp(date.offset_minutes, -(99 * 60 + 59), 99 * 60 + 59);
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02d%02d", off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
  out += "From ";
  out += sender;
  out += ' ';
  out.append(when, n);
  out += ' ';
  out += zone;
  out += '\n';

  std::string state;
  state += (fl.system & flag_seen) ? "Status: RO\n" : "Status: O\n";
  std::string xs;
  if (fl.system & flag_answered) xs += 'A';
  if (fl.system & flag_flagged) xs += 'F';
  if (fl.system & flag_draft) xs += 'T';
  if (fl.system & flag_deleted) xs += 'D';
  if (!xs.empty()) state += "X-Status: " + xs + "\n";
  if (!fl.keywords.empty()) {
    state += "X-Keywords:";
    for (const auto& k : fl.keywords) state += " " + k;
    state += '\n';
  }

  // Lines with LF ends, ^>*From  escaped, the state fields at the end of
  // the header.
  bool in_header = true;
  std::size_t at = 0;
  while (at < msg.size()) {
    std::size_t nl = msg.find('\n', at);
    std::size_t next = nl == std::string_view::npos ? msg.size() : nl + 1;
    std::size_t end = nl == std::string_view::npos ? msg.size() : nl;
    if (nl != std::string_view::npos && end > at && msg[end - 1] == '\r') --end;
    std::string_view line = msg.substr(at, end - at);
    if (in_header && line.empty() && nl != std::string_view::npos) {
      out += state;
      in_header = false;
    }
    std::size_t gt = 0;
    while (gt < line.size() && line[gt] == '>') ++gt;
    if (line.substr(gt, 5) == "From ") out += '>';
    out.append(line);
    if (nl != std::string_view::npos) out += '\n';
    at = next;
  }
  if (!msg.empty() && msg.back() != '\n') out += '\n';  // mbox cannot keep a missing final line end
  if (in_header) out += state;  // a message that is all header
  out += '\n';                  // the separator
}

}  // namespace cairn::store
