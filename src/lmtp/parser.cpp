#include "lmtp/parser.hpp"

#include <cstring>

namespace cairn::lmtp {

namespace {

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

bool istarts(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// RFC 5322 atext, the characters of a dot-string besides '.'.
bool atext(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr && c != 0;
}

bool domain_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_';
}

reply bad_args(std::string text = "Invalid parameters") { return {501, "5.5.4", std::move(text)}; }

// Splits "<path> PARAM PARAM" after "FROM:"/"TO:": the path (with its
// brackets) and the rest. The path ends at the first '>' outside a quoted
// string. nullopt when there is no bracketed path.
std::optional<std::pair<std::string_view, std::string_view>> split_path(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty() || s.front() != '<') return std::nullopt;
  bool quoted = false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '>') return std::make_pair(s.substr(0, i + 1), s.substr(i + 1));
  }
  return std::nullopt;
}

// Parameters: SP-separated "KEYWORD[=VALUE]". Calls fn(key, value) for each;
// stops at the first that fn refuses (returns a reply).
template <class F>
std::optional<reply> each_param(std::string_view rest, F&& fn) {
  while (!rest.empty()) {
    if (rest.front() != ' ') return bad_args();
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) break;
    auto end = rest.find(' ');
    std::string_view p = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    auto eq = p.find('=');
    std::string_view key = p.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : p.substr(eq + 1);
    if (key.empty()) return bad_args();
    if (auto r = fn(key, value, eq != std::string_view::npos)) return r;
  }
  return std::nullopt;
}

}  // namespace

std::string reply::line() const {
  std::string s = std::to_string(code);
  s += ' ';
  if (!enhanced.empty()) {
    s += enhanced;
    s += ' ';
  }
  s += text;
  s += "\r\n";
  return s;
}

std::optional<std::string> parse_path(std::string_view path, bool allow_null) {
  if (path.size() < 2 || path.front() != '<' || path.back() != '>') return std::nullopt;
  std::string_view p = path.substr(1, path.size() - 2);
  if (p.empty()) return allow_null ? std::optional<std::string>(std::string()) : std::nullopt;
  // A source route ("@a,@b:") is ignored (RFC 5321 section 4.1.1.3).
  if (p.front() == '@') {
    auto colon = p.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    p.remove_prefix(colon + 1);
    if (p.empty()) return std::nullopt;
  }
  std::string local;
  std::size_t i = 0;
  if (p.front() == '"') {
    for (i = 1;; ++i) {
      if (i >= p.size()) return std::nullopt;
      unsigned char c = static_cast<unsigned char>(p[i]);
      if (c == '"') {
        ++i;
        break;
      }
      if (c == '\\') {
        if (++i >= p.size()) return std::nullopt;
        c = static_cast<unsigned char>(p[i]);
      }
      if (c < 0x20 || c >= 0x7f) return std::nullopt;
      local += static_cast<char>(c);
    }
  } else {
    for (; i < p.size() && p[i] != '@'; ++i) {
      unsigned char c = static_cast<unsigned char>(p[i]);
      if (!atext(c) && c != '.') return std::nullopt;
      local += static_cast<char>(c);
    }
  }
  if (local.empty()) return std::nullopt;
  if (i == p.size()) return local;  // <postmaster>: no domain (RFC 5321 section 4.1.1.3)
  if (p[i] != '@') return std::nullopt;
  std::string_view domain = p.substr(i + 1);
  if (domain.empty()) return std::nullopt;
  if (domain.front() == '[') {
    if (domain.back() != ']' || domain.size() < 3) return std::nullopt;
    for (unsigned char c : domain.substr(1, domain.size() - 2))
      if (c <= 0x20 || c >= 0x7f || c == '[' || c == ']' || c == '\\') return std::nullopt;
  } else {
    for (unsigned char c : domain)
      if (!domain_char(c)) return std::nullopt;
  }
  return local + "@" + std::string(domain);
}

parsed parse_command(std::string_view line) {
  for (unsigned char c : line)
    if (c == 0 || c == '\r' || c == '\n') return reply{500, "5.5.2", "Invalid characters in command"};
  auto sp = line.find(' ');
  std::string_view name = line.substr(0, sp);
  std::string_view args = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
  command cmd;

  auto no_args = [&](verb v) -> parsed {
    if (!args.empty()) return bad_args("No parameters allowed");
    cmd.v = v;
    return cmd;
  };

  if (iequals(name, "LHLO")) {
    while (!args.empty() && args.front() == ' ') args.remove_prefix(1);
    while (!args.empty() && args.back() == ' ') args.remove_suffix(1);
    if (args.empty()) return bad_args("LHLO needs a domain");
    cmd.v = verb::lhlo;
    cmd.argument = std::string(args);
    return cmd;
  }
  if (iequals(name, "MAIL")) {
    if (!istarts(args, "FROM:")) return bad_args("Syntax: MAIL FROM:<address>");
    auto split = split_path(args.substr(5));
    if (!split) return reply{501, "5.1.7", "Invalid sender address"};
    auto addr = parse_path(split->first, true);
    if (!addr) return reply{501, "5.1.7", "Invalid sender address"};
    cmd.v = verb::mail;
    cmd.address = std::move(*addr);
    auto refused = each_param(split->second, [&](std::string_view key, std::string_view value,
                                                 bool has_value) -> std::optional<reply> {
      if (iequals(key, "SIZE")) {
        if (!has_value || value.empty() || value.size() > 19) return bad_args("Invalid SIZE parameter");
        std::uint64_t n = 0;
        for (char c : value) {
          if (c < '0' || c > '9') return bad_args("Invalid SIZE parameter");
          n = n * 10 + static_cast<std::uint64_t>(c - '0');
        }
        cmd.size = n;
        return std::nullopt;
      }
      if (iequals(key, "BODY")) {
        if (iequals(value, "7BIT")) cmd.body = body_type::seven_bit;
        else if (iequals(value, "8BITMIME")) cmd.body = body_type::eight_bit_mime;
        else return reply{501, "5.5.4", "Unsupported BODY type"};
        return std::nullopt;
      }
      return reply{555, "5.5.4", "Unsupported parameter"};
    });
    if (refused) return *refused;
    return cmd;
  }
  if (iequals(name, "RCPT")) {
    if (!istarts(args, "TO:")) return bad_args("Syntax: RCPT TO:<address>");
    auto split = split_path(args.substr(3));
    if (!split) return reply{501, "5.1.3", "Invalid recipient address"};
    auto addr = parse_path(split->first, false);
    if (!addr) return reply{501, "5.1.3", "Invalid recipient address"};
    cmd.v = verb::rcpt;
    cmd.address = std::move(*addr);
    auto refused = each_param(split->second, [&](std::string_view, std::string_view, bool) -> std::optional<reply> {
      return reply{555, "5.5.4", "Unsupported parameter"};
    });
    if (refused) return *refused;
    return cmd;
  }
  if (iequals(name, "DATA")) return no_args(verb::data);
  if (iequals(name, "RSET")) return no_args(verb::rset);
  if (iequals(name, "QUIT")) return no_args(verb::quit);
  if (iequals(name, "NOOP")) {
    cmd.v = verb::noop;  // RFC 5321 section 4.1.1.9: a string argument is allowed
    return cmd;
  }
  if (iequals(name, "VRFY")) {
    if (args.empty()) return bad_args("VRFY needs an argument");
    cmd.v = verb::vrfy;
    cmd.argument = std::string(args);
    return cmd;
  }
  if (iequals(name, "HELP")) {
    cmd.v = verb::help;
    return cmd;
  }
  if (iequals(name, "HELO")) return command{verb::helo};
  if (iequals(name, "EHLO")) return command{verb::ehlo};
  if (iequals(name, "BDAT")) return command{verb::bdat};
  return reply{500, "5.5.2", "Unknown command"};
}

void data_reader::put(char c) {
  ++size_;
  if (out_.size() < max_) out_ += c;
  else too_large_ = true;
}

std::size_t data_reader::feed(std::string_view in) {
  std::size_t i = 0;
  while (i < in.size() && state_ != state::done) {
    const char c = in[i];
    switch (state_) {
      case state::line_start:
        if (c == '.') {
          state_ = state::dot;
          ++i;
          continue;
        }
        state_ = state::in_line;
        continue;  // the same byte, as part of the line
      case state::dot:
        if (c == '\r') {
          state_ = state::dot_cr;
          ++i;
          continue;
        }
        if (c == '\n') {
          state_ = state::done;  // ".\n": a bare-LF end line
          ++i;
          continue;
        }
        state_ = state::in_line;  // the dot was stuffing: dropped
        continue;
      case state::dot_cr:
        if (c == '\n') {
          state_ = state::done;
          ++i;
          continue;
        }
        put('\r');  // ".\r" then more: a bare CR in a line that began with a stuffed dot
        state_ = state::in_line;
        continue;
      case state::in_line: {
        // Fast path: copy up to the next CR or LF at once.
        std::size_t j = i;
        while (j < in.size() && in[j] != '\r' && in[j] != '\n') ++j;
        if (j > i) {
          std::size_t n = j - i;
          size_ += n;
          std::size_t room = out_.size() < max_ ? max_ - out_.size() : 0;
          if (n > room) too_large_ = true;
          out_.append(in.data() + i, std::min(n, room));
          i = j;
          continue;
        }
        if (c == '\r') {
          state_ = state::cr;
        } else {
          put('\r');
          put('\n');
          state_ = state::line_start;
        }
        ++i;
        continue;
      }
      case state::cr:
        if (c == '\n') {
          put('\r');
          put('\n');
          state_ = state::line_start;
          ++i;
          continue;
        }
        put('\r');  // a bare CR stays (as the ingest path keeps it)
        if (c == '\r') {
          ++i;  // still after a CR
          continue;
        }
        state_ = state::in_line;
        continue;
      case state::done:
        break;
    }
  }
  return i;
}

}  // namespace cairn::lmtp
