#pragma once
// Helpers shared by the MIME tests: corpus paths, expectation files written
// by tests/tools/gen_mime_expected.py, and a small reader of IMAP values so
// that answers compare by meaning (Dovecot and our writer may choose quoted
// or literal forms differently; RFC 9051 section 4.3 makes them equal).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::mime::test {

std::string read_file(const std::filesystem::path& p);
// The shared corpus (CAIRN_SHARED/corpus), or empty if it is not there.
std::filesystem::path shared_corpus();
std::filesystem::path test_data();

struct expected_item {
  std::string name;  // e.g. "BODY[1.MIME]"
  std::string kind;  // imap, data, nil, no, sha256
  std::uint64_t length = 0;
  std::string bytes;
};
std::vector<expected_item> read_expected(const std::filesystem::path& p);

struct imap_value {
  enum class type { nil, atom, string, list } t = type::nil;
  std::string text;  // atom or string bytes
  std::vector<imap_value> items;
  bool operator==(const imap_value&) const = default;
};
// Parses one IMAP value (NIL, atom/number, quoted, literal, list).
std::optional<imap_value> parse_imap(std::string_view s);
std::string show(const imap_value& v);

std::string sha256_hex(std::string_view s);

}  // namespace cairn::mime::test
