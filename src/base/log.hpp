#pragma once
// One line per event on stderr, logfmt style:
//   2026-11-26T09:15:12.345Z info session=3f2a event="login" user=alice ip=127.0.0.1
// Values with spaces or quotes are quoted. Thread-safe: a line is written
// with one write(2).
#include <cstdint>
#include <initializer_list>
#include <type_traits>
#include <sstream>
#include <string>
#include <string_view>

namespace cairn::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3 };

void set_level(level l);
level current_level();
bool parse_level(std::string_view s, level& out);

struct kv {
  std::string_view key;
  std::string value;
  kv(std::string_view k, std::string_view v) : key(k), value(v) {}
  kv(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  kv(std::string_view k, const std::string& v) : key(k), value(v) {}
  template <class N>
    requires std::is_arithmetic_v<N>
  kv(std::string_view k, N n) : key(k), value(std::to_string(n)) {}
};

void write(level l, std::string_view event, const kv* begin, const kv* end);
inline void write(level l, std::string_view event, std::initializer_list<kv> fields) {
  write(l, event, fields.begin(), fields.end());
}

inline void debug(std::string_view e, std::initializer_list<kv> f = {}) {
  if (current_level() <= level::debug) write(level::debug, e, f);
}
inline void info(std::string_view e, std::initializer_list<kv> f = {}) {
  if (current_level() <= level::info) write(level::info, e, f);
}
inline void warn(std::string_view e, std::initializer_list<kv> f = {}) {
  write(level::warn, e, f);
}
inline void error(std::string_view e, std::initializer_list<kv> f = {}) {
  write(level::error, e, f);
}

}  // namespace cairn::log
