// Streaming decoders: the same output whatever the chunking (every split
// offset, and one byte at a time), RFC 2045 edge cases, BINARY.SIZE.
#include <gtest/gtest.h>

#include "mime/decoder.hpp"

namespace cairn::mime {
namespace {

template <class Decoder>
std::string run_split(std::string_view in, std::size_t split) {
  Decoder d;
  std::string out;
  d.feed(in.substr(0, split), out);
  d.feed(in.substr(split), out);
  d.finish(out);
  return out;
}

template <class Decoder>
std::string run_bytes(std::string_view in) {
  Decoder d;
  std::string out;
  for (char c : in) d.feed(std::string_view(&c, 1), out);
  d.finish(out);
  return out;
}

template <class Decoder>
void expect_split_invariant(std::string_view in, std::string_view want) {
  for (std::size_t i = 0; i <= in.size(); ++i)
    EXPECT_EQ(run_split<Decoder>(in, i), want) << "split at " << i << " of \"" << in << "\"";
  EXPECT_EQ(run_bytes<Decoder>(in), want);
}

TEST(mime_decoder, base64_every_split) {
  expect_split_invariant<base64_decoder>("aGVsbG8gd29ybGQ=", "hello world");
  expect_split_invariant<base64_decoder>("aGVs\r\nbG8g\r\nd29y\r\nbGQ=\r\n", "hello world");
  expect_split_invariant<base64_decoder>("aGVsbG8", "hello");  // no padding
  expect_split_invariant<base64_decoder>("", "");
}

TEST(mime_decoder, base64_broken_is_lenient) {
  base64_decoder d;
  std::string out;
  d.feed("aGVs!!bG8*", out);
  d.finish(out);
  EXPECT_EQ(out, "hello");
  EXPECT_TRUE(d.broken());
  base64_decoder ok;
  out.clear();
  ok.feed("aGVsbG8=\r\n", out);
  ok.finish(out);
  EXPECT_FALSE(ok.broken());
}

TEST(mime_decoder, qp_every_split) {
  expect_split_invariant<qp_decoder>("Sch=F6ne=20Gr=FC=DFe", "Sch\xf6ne Gr\xfc\xdf" "e");
  expect_split_invariant<qp_decoder>("soft=\r\nbreak\r\nhard\r\n", "softbreak\r\nhard\r\n");
  expect_split_invariant<qp_decoder>("trailing   \r\nspace\t\r\n", "trailing\r\nspace\r\n");
  expect_split_invariant<qp_decoder>("soft with space= \t\r\nnext", "soft with spacenext");
  expect_split_invariant<qp_decoder>("lower =e9=E9", "lower \xe9\xe9");
  expect_split_invariant<qp_decoder>("bad =XY and =4", "bad =XY and =4");
  expect_split_invariant<qp_decoder>("lf only=\nline\n", "lf onlyline\n");
  expect_split_invariant<qp_decoder>("end=", "end");
  expect_split_invariant<qp_decoder>("bare\rcr \rx", "bare\rcr \rx");
}

TEST(mime_decoder, qp_broken_flag) {
  qp_decoder d;
  std::string out;
  d.feed("=ZZ", out);
  d.finish(out);
  EXPECT_TRUE(d.broken());
  EXPECT_EQ(out, "=ZZ");
}

TEST(mime_decoder, decoded_size_matches_decoding_in_any_chunk) {
  std::string enc;
  for (int i = 0; i < 200; ++i) enc += "VGhpcyBpcyBhIGxpbmUgb2YgdGV4dC4K\r\n";
  std::string all = decode_base64(enc);
  for (std::size_t chunk : {1, 3, 4, 7, 64, 4096, 1 << 20})
    EXPECT_EQ(decoded_size(enc, transfer_encoding::base64, chunk), all.size()) << chunk;
  EXPECT_EQ(decoded_size("a=\r\nb", transfer_encoding::quoted_printable, 1), 2u);
  EXPECT_EQ(decoded_size("raw", transfer_encoding::eight_bit), 3u);
}

TEST(mime_decoder, large_part_in_chunks) {
  // 8 MB encoded, decoded in 64 KB chunks: output grows only by what is fed.
  std::string line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n";
  std::string enc;
  while (enc.size() < 8u * 1024 * 1024) enc += line;
  base64_decoder d;
  std::string chunk_out;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < enc.size(); i += 65536) {
    chunk_out.clear();
    d.feed(std::string_view(enc).substr(i, 65536), chunk_out);
    EXPECT_LE(chunk_out.size(), 65536u);
    total += chunk_out.size();
  }
  chunk_out.clear();
  d.finish(chunk_out);
  total += chunk_out.size();
  EXPECT_EQ(total, enc.size() / line.size() * 60);
  EXPECT_FALSE(d.broken());
}

}  // namespace
}  // namespace cairn::mime
