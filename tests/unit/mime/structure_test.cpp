// Limits (depth, part count, header size), sections, the stored form.
#include <gtest/gtest.h>

#include "mime/header.hpp"
#include "mime/imap.hpp"
#include "mime/message.hpp"
#include "mime/structure.hpp"

namespace cairn::mime {
namespace {

std::string section(const std::string& raw, std::string_view spec_text) {
  message m = parse(raw);
  auto st = structure::decode(encode_structure(m));
  EXPECT_TRUE(st.ok());
  auto spec = parse_section(spec_text);
  EXPECT_TRUE(spec.ok()) << spec_text;
  section_location loc = locate(*st, *spec);
  if (!loc.exists) return "<none>";
  std::string_view r(raw.data() + loc.begin, loc.end - loc.begin);
  return loc.filter ? filter_header(r, spec->fields, spec->kind == section_kind::header_fields_not)
                    : std::string(r);
}

const std::string nested =
    "Subject: top\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n"
    "pre\r\n--X\r\nContent-Type: text/plain\r\n\r\none\r\n--X\r\n"
    "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=Y\r\n\r\n"
    "--Y\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--Y\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--Y--\r\n"
    "\r\n--X--\r\nepi\r\n";

TEST(mime_section, every_kind) {
  EXPECT_EQ(section(nested, "1"), "one");
  EXPECT_EQ(section(nested, "1.MIME"), "Content-Type: text/plain\r\n\r\n");
  EXPECT_EQ(section(nested, "2.HEADER"),
            "Subject: inner\r\nContent-Type: multipart/alternative; boundary=Y\r\n\r\n");
  EXPECT_EQ(section(nested, "2.HEADER.FIELDS (SUBJECT)"), "Subject: inner\r\n\r\n");
  EXPECT_EQ(section(nested, "2.HEADER.FIELDS.NOT (subject)"),
            "Content-Type: multipart/alternative; boundary=Y\r\n\r\n");
  EXPECT_EQ(section(nested, "2.1"), "inner text");
  EXPECT_EQ(section(nested, "2.2.MIME"), "Content-Type: text/html\r\n\r\n");
  EXPECT_EQ(section(nested, "2.TEXT").substr(0, 5), "--Y\r\n");
  EXPECT_EQ(section(nested, "2.MIME"), "Content-Type: message/rfc822\r\n\r\n");
  EXPECT_EQ(section(nested, "HEADER.FIELDS (Subject)"), "Subject: top\r\n\r\n");
  EXPECT_EQ(section(nested, "TEXT").substr(0, 5), "pre\r\n");
  EXPECT_EQ(section(nested, ""), nested);
  EXPECT_EQ(section(nested, "3"), "<none>");
  // Number 1 inside a part that is not multipart is that part (Dovecot's
  // imap_msgpart_find), so 1.1 is 1 here.
  EXPECT_EQ(section(nested, "1.1"), "one");
  EXPECT_EQ(section(nested, "1.2"), "<none>");
  EXPECT_EQ(section(nested, "2.3"), "<none>");
  const std::string single = "Subject: s\r\n\r\nbody\r\n";
  EXPECT_EQ(section(single, "1"), "body\r\n");
  EXPECT_EQ(section(single, "1.MIME"), "Subject: s\r\n\r\n");
  EXPECT_EQ(section(single, "2"), "<none>");
}

TEST(mime_section, parse_section_syntax) {
  EXPECT_TRUE(parse_section("").ok());
  EXPECT_TRUE(parse_section("1.2.3").ok());
  EXPECT_TRUE(parse_section("header.fields (a \"b c\")").ok());
  EXPECT_EQ(parse_section("header.fields (a \"b c\")")->fields, (std::vector<std::string>{"a", "b c"}));
  EXPECT_FALSE(parse_section("MIME").ok());
  EXPECT_FALSE(parse_section("0").ok());
  EXPECT_FALSE(parse_section("01").ok());
  EXPECT_FALSE(parse_section("1..2").ok());
  EXPECT_FALSE(parse_section("1.").ok());
  EXPECT_FALSE(parse_section("HEADER.FIELDS").ok());
  EXPECT_FALSE(parse_section("HEADER.FIELDS ()").ok());
  EXPECT_FALSE(parse_section("TEXTX").ok());
  EXPECT_FALSE(parse_section("99999999999").ok());
}

TEST(mime_binary, locate_and_encoding) {
  const std::string m =
      "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "aGk=\r\n--B\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nzz\r\n--B--\r\n";
  auto st = structure::decode(encode_structure(parse(m)));
  ASSERT_TRUE(st.ok());
  auto b1 = locate_binary(*st, {1});
  ASSERT_TRUE(b1.exists);
  EXPECT_EQ(b1.cte, transfer_encoding::base64);
  EXPECT_EQ(m.substr(b1.begin, b1.end - b1.begin), "aGk=");
  EXPECT_EQ(locate_binary(*st, {2}).cte, transfer_encoding::unknown);
  EXPECT_FALSE(locate_binary(*st, {3}).exists);
}

TEST(mime_limits, nesting_depth) {
  cairn::limits lim;  // nesting 100
  std::string m;
  for (int i = 0; i < 150; ++i)
    m += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" +
         std::to_string(i) + "\r\n";
  m += "Content-Type: text/plain\r\n\r\nleaf\r\n";
  message p = parse(m, lim);
  unsigned deepest = 0;
  for (const part& x : p.parts) deepest = std::max(deepest, x.depth);
  EXPECT_LT(deepest, lim.nesting);
  EXPECT_TRUE(p.truncated);
  // The renderer needs no deep C++ stack either.
  EXPECT_FALSE(render_bodystructure(p).empty());
  // message/rfc822 chains are limited the same way.
  std::string chain;
  for (int i = 0; i < 300; ++i) chain += "Content-Type: message/rfc822\r\n\r\n";
  chain += "Subject: end\r\n\r\nx\r\n";
  message c = parse(chain, lim);
  EXPECT_LE(c.parts.size(), lim.nesting);
  EXPECT_TRUE(c.truncated);
}

TEST(mime_limits, part_count) {
  cairn::limits lim;  // 10,000 parts
  std::string m = "Content-Type: multipart/mixed; boundary=P\r\n\r\n";
  for (int i = 0; i < 12000; ++i) m += "--P\r\n\r\nx\r\n";
  m += "--P--\r\n";
  message p = parse(m, lim);
  EXPECT_EQ(p.parts.size(), std::size_t{lim.mime_parts} + 1);
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(p.parts[0].body_end, m.size());
  auto st = structure::decode(encode_structure(p));
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->parts().size(), p.parts.size());
}

TEST(mime_limits, huge_header) {
  cairn::limits lim;
  lim.mime_header_bytes = 1 << 20;
  std::string m;
  while (m.size() < (3u << 20)) m += "X-Filler: " + std::string(100, 'a') + "\r\n";
  m += "\r\nbody\r\n";
  message p = parse(m, lim);
  EXPECT_TRUE(p.truncated);
  EXPECT_LE(p.parts[0].header_size(), lim.mime_header_bytes + 200);
  EXPECT_EQ(p.parts[0].body_end, m.size());
}

TEST(mime_structure, decode_rejects_damage) {
  std::string enc = encode_structure(parse(nested));
  EXPECT_TRUE(structure::decode(enc).ok());
  EXPECT_FALSE(structure::decode("").ok());
  EXPECT_FALSE(structure::decode(enc.substr(0, enc.size() - 1)).ok());
  EXPECT_FALSE(structure::decode(enc + "x").ok());
  std::string other = enc;
  other[3] = 2;  // another version
  EXPECT_EQ(structure::decode(other).error(), make_error_code(errc::corrupted));
  for (std::size_t i = 4; i < enc.size(); ++i) {
    std::string bad = enc;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto r = structure::decode(bad);  // must not crash; may or may not be accepted
    if (r.ok()) {
      for (const auto& p : r->parts()) EXPECT_LE(p.header_start, p.body_end);
    }
  }
}

TEST(mime_structure, crlf_and_lf_give_the_same_tree) {
  std::string lf = nested;
  for (std::size_t i; (i = lf.find("\r\n")) != std::string::npos;) lf.erase(i, 1);
  message a = parse(nested), b = parse(lf);
  EXPECT_EQ(render_bodystructure(a), render_bodystructure(b));
  EXPECT_EQ(normalize_crlf(lf), nested);
  EXPECT_EQ(normalize_crlf("a\rb\n"), "a\rb\r\n");
}

// normalize_crlf copies runs between line feeds; against the byte-by-byte
// rule (a LF not after CR gets a CR) on every string of CR, LF and 'x' up
// to eight bytes, and appended after a prefix.
TEST(mime_structure, normalize_crlf_matches_the_rule) {
  auto reference = [](std::string_view raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) out += '\r';
      out += raw[i];
    }
    return out;
  };
  const char alphabet[] = {'\r', '\n', 'x'};
  for (std::size_t len = 0; len <= 8; ++len) {
    std::size_t count = 1;
    for (std::size_t i = 0; i < len; ++i) count *= 3;
    for (std::size_t code = 0; code < count; ++code) {
      std::string s;
      for (std::size_t i = 0, c = code; i < len; ++i, c /= 3) s += alphabet[c % 3];
      ASSERT_EQ(normalize_crlf(s), reference(s)) << "input " << ::testing::PrintToString(s);
      std::string out = "P\r";
      append_normalized_crlf(out, s);
      ASSERT_EQ(out, "P\r" + reference(s)) << "input " << ::testing::PrintToString(s);
    }
  }
}

}  // namespace
}  // namespace cairn::mime
