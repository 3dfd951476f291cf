#pragma once
// A minimal JSON writer for the load generator's one-object report.
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench {

class json {
 public:
  json& open(std::string_view key = {}) { return start(key, '{'); }
  json& open_array(std::string_view key = {}) { return start(key, '['); }
  json& close() {
    out_ += stack_.back() == '{' ? '}' : ']';
    stack_.pop_back();
    first_ = false;
    return *this;
  }
  json& str(std::string_view key, std::string_view v) {
    sep(key);
    quote(v);
    return *this;
  }
  json& num(std::string_view key, double v) {
    sep(key);
    if (!std::isfinite(v)) out_ += "null";
    else {
      char b[64];
      std::snprintf(b, sizeof b, "%.6g", v);
      out_ += b;
    }
    return *this;
  }
  json& num(std::string_view key, std::uint64_t v) {
    sep(key);
    out_ += std::to_string(v);
    return *this;
  }
  json& boolean(std::string_view key, bool v) {
    sep(key);
    out_ += v ? "true" : "false";
    return *this;
  }
  const std::string& text() const { return out_; }

 private:
  json& start(std::string_view key, char c) {
    sep(key);
    out_ += c;
    stack_ += c;
    first_ = true;
    return *this;
  }
  void sep(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    if (!stack_.empty() && stack_.back() == '{') {
      quote(key);
      out_ += ':';
    }
  }
  void quote(std::string_view s) {
    out_ += '"';
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += static_cast<char>(c);
      } else if (c < 0x20) {
        char b[8];
        std::snprintf(b, sizeof b, "\\u%04x", c);
        out_ += b;
      } else {
        out_ += static_cast<char>(c);
      }
    }
    out_ += '"';
  }
  std::string out_;
  std::string stack_;
  bool first_ = true;
};

}  // namespace bench
