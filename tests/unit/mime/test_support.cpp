#include "test_support.hpp"

#include <openssl/evp.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cairn::mime::test {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path shared_corpus() {
  // CAIRN_SHARED is the checkout's sibling "shared"; a work tree may have it
  // elsewhere, so CAIRN_SHARED_DIR can point at it.
  std::vector<std::filesystem::path> tries{std::filesystem::path(CAIRN_SHARED) / "corpus"};
  if (const char* e = std::getenv("CAIRN_SHARED_DIR")) tries.insert(tries.begin(), std::filesystem::path(e) / "corpus");
  for (const auto& t : tries)
    if (std::filesystem::exists(t / "INDEX.tsv")) return t;
  return {};
}

std::filesystem::path test_data() { return CAIRN_TEST_DATA; }

std::vector<expected_item> read_expected(const std::filesystem::path& p) {
  std::string s = read_file(p);
  std::vector<expected_item> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t eol = s.find('\n', i);
    if (eol == std::string::npos) break;
    std::string_view line(s.data() + i, eol - i);
    i = eol + 1;
    if (line.rfind("@@ ", 0) != 0) continue;
    line.remove_prefix(3);
    std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    expected_item it;
    it.name = std::string(line.substr(0, t1));
    it.kind = std::string(line.substr(t1 + 1, t2 - t1 - 1));
    it.length = std::stoull(std::string(line.substr(t2 + 1)));
    std::size_t n = it.kind == "sha256" ? 64 : it.length;
    it.bytes = s.substr(i, n);
    i += n + 1;
    out.push_back(std::move(it));
  }
  return out;
}

namespace {

struct imap_reader {
  std::string_view s;
  std::size_t i = 0;

  std::optional<imap_value> value() {
    if (i >= s.size()) return std::nullopt;
    imap_value v;
    char c = s[i];
    if (c == '(') {
      ++i;
      v.t = imap_value::type::list;
      for (;;) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size()) return std::nullopt;
        if (s[i] == ')') {
          ++i;
          return v;
        }
        auto item = value();
        if (!item) return std::nullopt;
        v.items.push_back(std::move(*item));
      }
    }
    if (c == '"') {
      ++i;
      v.t = imap_value::type::string;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\') ++i;
        if (i >= s.size()) return std::nullopt;
        v.text += s[i++];
      }
      if (i >= s.size()) return std::nullopt;
      ++i;
      return v;
    }
    if (c == '{' || c == '~') {
      if (c == '~') ++i;
      std::size_t close = s.find('}', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::size_t n = std::stoull(std::string(s.substr(i + 1, close - i - 1)));
      std::size_t start = close + 3;
      if (start + n > s.size()) return std::nullopt;
      v.t = imap_value::type::string;
      v.text = std::string(s.substr(start, n));
      i = start + n;
      return v;
    }
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ')' && s[i] != '(') ++i;
    v.text = std::string(s.substr(start, i - start));
    if (v.text == "NIL" || v.text == "nil") {
      v.t = imap_value::type::nil;
      v.text.clear();
    } else {
      v.t = imap_value::type::atom;
    }
    if (v.text.empty() && v.t == imap_value::type::atom) return std::nullopt;
    return v;
  }
};

}  // namespace

std::optional<imap_value> parse_imap(std::string_view s) {
  imap_reader r{s};
  auto v = r.value();
  if (!v || r.i != s.size()) return std::nullopt;
  return v;
}

std::string show(const imap_value& v) {
  switch (v.t) {
    case imap_value::type::nil: return "NIL";
    case imap_value::type::atom: return v.text;
    case imap_value::type::string: {
      std::string out = "\"";
      for (unsigned char c : v.text) {
        if (c == '"' || c == '\\') {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
      }
      return out + "\"";
    }
    case imap_value::type::list: {
      std::string out = "(";
      for (std::size_t k = 0; k < v.items.size(); ++k) {
        if (k) out += ' ';
        out += show(v.items[k]);
      }
      return out + ")";
    }
  }
  return {};
}

std::string sha256_hex(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), md, &n, EVP_sha256(), nullptr);
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (unsigned k = 0; k < n; ++k) {
    out += hex[md[k] >> 4];
    out += hex[md[k] & 15];
  }
  return out;
}

}  // namespace cairn::mime::test
