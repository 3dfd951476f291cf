#include "base/base64.hpp"

#include <array>
#include <cstdint>

namespace cairn::base64 {
namespace {

constexpr char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0..63 for alphabet characters, 0xff for everything else ('=' included:
// padding is handled by position, not by table).
constexpr std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xff;
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
  return t;
}
constexpr auto table = make_table();

}  // namespace

std::string encode(std::string_view bytes) {
  std::string out;
  out.reserve(encoded_size(bytes.size()));
  std::size_t i = 0;
  // UNSAFE: i + 3 <= size keeps bytes[i + 2] in range; the tail reads
  // bytes[i + 1] only when two bytes remain.
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                      static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                      static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest != 0) {
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

result<std::string> decode(std::string_view text) {
  if (text.size() % 4 != 0) return errc::parse_error;
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  // UNSAFE: text.size() is a multiple of 4, so text[i + k] with k < 4 is in
  // range; for the last quantum, pad <= 2 and data_chars >= 2.
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    // In the last quantum the final `pad` characters are '='; every other
    // character must be in the alphabet (a '=' anywhere else fails here).
    std::size_t data_chars = last ? 4 - pad : 4;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      std::uint8_t d = 0;
      if (k < data_chars) {
        d = table[static_cast<unsigned char>(text[i + k])];
        if (d == 0xff) return errc::parse_error;
      }
      v = v << 6 | d;
    }
    out += static_cast<char>(v >> 16 & 0xff);
    if (data_chars >= 3) out += static_cast<char>(v >> 8 & 0xff);
    if (data_chars == 4) out += static_cast<char>(v & 0xff);
    // Non-zero bits that the padding drops would make the text
    // non-canonical.
    if (data_chars == 2 && (v & 0xffff) != 0) return errc::parse_error;
    if (data_chars == 3 && (v & 0xff) != 0) return errc::parse_error;
  }
  return out;
}

}  // namespace cairn::base64
