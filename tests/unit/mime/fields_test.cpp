// Header fields, addresses, dates, RFC 2047 and RFC 2231 edge cases.
#include <gtest/gtest.h>

#include "mime/address.hpp"
#include "mime/charset.hpp"
#include "mime/date.hpp"
#include "mime/encoded_word.hpp"
#include "mime/header.hpp"
#include "mime/imap.hpp"
#include "mime/rfc822.hpp"

namespace cairn::mime {
namespace {

std::string show(const std::vector<address>& v) {
  std::string out;
  auto opt = [](const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : std::string("NIL"); };
  for (const auto& a : v)
    out += "(" + opt(a.name) + " " + opt(a.route) + " " + opt(a.mailbox) + " " + opt(a.domain) + ")";
  return out;
}

TEST(mime_address, ordinary_forms) {
  EXPECT_EQ(show(parse_address_list("Alice <alice@example.org>")),
            "(\"Alice\" NIL \"alice\" \"example.org\")");
  EXPECT_EQ(show(parse_address_list("\"Doe, John\" <j@x.y>, k@x.y")),
            "(\"Doe, John\" NIL \"j\" \"x.y\")(NIL NIL \"k\" \"x.y\")");
  EXPECT_EQ(show(parse_address_list("user@host (Comment Name)")),
            "(\"Comment Name\" NIL \"user\" \"host\")");
  EXPECT_EQ(show(parse_address_list("Name <@r1.example,@r2.example:u@h.example>")),
            "(\"Name\" \"@r1.example,@r2.example\" \"u\" \"h.example\")");
  EXPECT_EQ(show(parse_address_list("\"quoted local\"@example.com")),
            "(NIL NIL \"quoted local\" \"example.com\")");
  EXPECT_EQ(show(parse_address_list("u@[192.0.2.1]")), "(NIL NIL \"u\" \"[192.0.2.1]\")");
}

TEST(mime_address, groups) {
  EXPECT_EQ(show(parse_address_list("undisclosed-recipients:;")),
            "(NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)");
  EXPECT_EQ(show(parse_address_list("Team: a@b.c, \"B\" <d@e.f>;, g@h.i")),
            "(NIL NIL \"Team\" NIL)(NIL NIL \"a\" \"b.c\")(\"B\" NIL \"d\" \"e.f\")(NIL NIL NIL NIL)"
            "(NIL NIL \"g\" \"h.i\")");
  EXPECT_EQ(show(parse_address_list("Empty Group: ;")), "(NIL NIL \"Empty Group\" NIL)(NIL NIL NIL NIL)");
}

TEST(mime_address, broken_forms_as_dovecot_repairs_them) {
  EXPECT_EQ(show(parse_address_list("missingdomain")),
            "(NIL NIL \"missingdomain\" \"MISSING_DOMAIN\")");
  EXPECT_EQ(show(parse_address_list("Just Words")),
            "(\"Just Words\" NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")");
  EXPECT_EQ(show(parse_address_list("<>")), "(NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")");
  EXPECT_EQ(show(parse_address_list("Name <broken@@x>")), "(\"Name\" NIL \"broken\" \"SYNTAX_ERROR\")");
  EXPECT_TRUE(parse_address_list("").empty());
  EXPECT_TRUE(parse_address_list("   (only a comment)  ").empty());
  auto a = parse_address_list("x@y.z,");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_FALSE(a[0].invalid);
}

TEST(mime_address, max_addresses) {
  EXPECT_EQ(parse_address_list("a@b, c@d, e@f", 2).size(), 2u);
}

TEST(mime_envelope, values_for_humans_and_without_newlines) {
  EXPECT_EQ(for_humans(" \t spaces   and\ttabs \n folded "), "spaces and tabs folded");
  EXPECT_EQ(for_humans("   "), "");
  EXPECT_EQ(for_humans(std::string("a\0b", 3)), "a\x80" "b");
  EXPECT_EQ(without_newlines("<id@x>\n <more@x>"), "<id@x> <more@x>");
  EXPECT_EQ(without_newlines("a\nb"), "a b");
  envelope e;
  e.subject = "Hello \"world\"";
  e.from = parse_address_list("A <a@b.c>");
  EXPECT_EQ(render_envelope(&e),
            "(NIL \"Hello \\\"world\\\"\" ((\"A\" NIL \"a\" \"b.c\")) ((\"A\" NIL \"a\" \"b.c\")) "
            "((\"A\" NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL)");
  EXPECT_EQ(render_envelope(nullptr), "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
  e.subject = "Gr\xc3\xbc\xc3\x9f" "e";  // 8-bit: a literal, valid for IMAP4rev1 and rev2
  EXPECT_NE(render_envelope(&e).find("{7}\r\nGr"), std::string::npos);
}

TEST(mime_date, rfc5322_and_obsolete_forms) {
  date_time t;
  ASSERT_TRUE(parse_date("Tue, 3 Sep 2024 10:11:09 +0200", t));
  EXPECT_EQ(t.unix_seconds, 1725351069);
  EXPECT_EQ(t.offset_minutes, 120);
  ASSERT_TRUE(parse_date("3 Sep 2024 10:11 +0200", t));  // no weekday, no seconds
  EXPECT_EQ(t.unix_seconds, 1725351060);
  ASSERT_TRUE(parse_date("25 Sep 24 11:00 EDT", t));
  EXPECT_EQ(t.offset_minutes, -240);
  EXPECT_EQ(t.unix_seconds, 1727276400);
  ASSERT_TRUE(parse_date("Fri, 20 Apr 2001 20:18:00 -0400 (EDT)", t));
  EXPECT_EQ(t.unix_seconds, 987812280);
  ASSERT_TRUE(parse_date("Mon, 1 Jan 99 00:00:00 GMT", t));
  EXPECT_EQ(t.unix_seconds, 915148800);
  ASSERT_TRUE(parse_date("Mon , 29 Feb 2016 23:59:60 Z", t));  // leap day and leap second
  ASSERT_TRUE(parse_date("1 Jan 2000 00:00:00 X", t));  // military zone: +0000
  EXPECT_EQ(t.offset_minutes, 0);
  EXPECT_FALSE(parse_date("", t));
  EXPECT_FALSE(parse_date("yesterday", t));
  EXPECT_FALSE(parse_date("30 Feb 2024 00:00:00 +0000", t));
  EXPECT_FALSE(parse_date("1 Foo 2024 00:00:00 +0000", t));
  EXPECT_FALSE(parse_date("1 Jan 2024 25:00:00 +0000", t));
  EXPECT_FALSE(parse_date("1 Jan 2024 10:00:00 +0099", t));
}

TEST(mime_2047, encoded_words) {
  EXPECT_EQ(decode_header("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <j@x>"), "J\xc3\xbcrgen M\xc3\xbcller <j@x>");
  EXPECT_EQ(decode_header("=?utf-8?b?w4lsb2TDqWU=?="), "\xc3\x89lod\xc3\xa9" "e");
  // White space between adjacent words goes; around plain text it stays.
  EXPECT_EQ(decode_header("=?utf-8?q?a?= =?utf-8?q?b?= c =?utf-8?q?d?="), "ab c d");
  // A UTF-8 character split across two words comes out whole.
  EXPECT_EQ(decode_header("=?UTF-8?B?4oI=?= =?UTF-8?B?rA==?="), "\xe2\x82\xac");
  EXPECT_EQ(decode_header("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?="), "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
  EXPECT_EQ(decode_header("=?KOI8-R?B?6dfBzg==?="), "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd");
  EXPECT_EQ(decode_header("=?GB2312?B?1cXI/Q==?="), "\xe5\xbc\xa0\xe4\xb8\x89");
  EXPECT_EQ(decode_header("=?Shift_JIS?B?k4yLng==?="), "\xe6\x9d\xb1\xe4\xba\xac");
  EXPECT_EQ(decode_header("=?windows-1252?Q?Fran=E7ois_=80?="), "Fran\xc3\xa7ois \xe2\x82\xac");
  EXPECT_EQ(decode_header("=?utf-8*en?q?lang?="), "lang");
  // Not encoded-words: kept.
  EXPECT_EQ(decode_header("=?broken"), "=?broken");
  EXPECT_EQ(decode_header("=?utf-8?x?y?="), "=?utf-8?x?y?=");
  // Folding removed; raw 8-bit kept if UTF-8, else replaced.
  EXPECT_EQ(decode_header("a\r\n b"), "a b");
  EXPECT_EQ(decode_header("caf\xc3\xa9 \xff"), "caf\xc3\xa9 \xef\xbf\xbd");
  // Unknown charset: read as UTF-8.
  EXPECT_EQ(decode_header("=?x-unknown?q?ok?="), "ok");
}

TEST(mime_2231, parameters_merged_like_dovecot) {
  lexer lx("; name*0*=UTF-8''%E2%82%AC%20a; name*1=\" b\"; charset=x; title*=us-ascii'en'T%20x");
  auto p = parse_parameters(lx);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].name, "charset");
  EXPECT_EQ(p[1].name, "name*");
  // Dovecot escapes only '%' in the unencoded continuations it appends.
  EXPECT_EQ(p[1].value, "UTF-8''%E2%82%AC%20a b");
  EXPECT_EQ(p[2].name, "title*");
  std::string v;
  ASSERT_TRUE(find_parameter(p, "name", v));
  EXPECT_EQ(v, "\xe2\x82\xac a b");
  ASSERT_TRUE(find_parameter(p, "title", v));
  EXPECT_EQ(v, "T x");
  EXPECT_EQ(decode_rfc2231_value("iso-8859-1'de'Gr%FC%DFe"), "Gr\xc3\xbc\xc3\x9f" "e");
  // A missing index: given back as written.
  lexer gap("; f*0=a; f*2=c");
  auto g = parse_parameters(gap);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].name, "f*0");
  EXPECT_EQ(g[1].name, "f*2");
  // After a broken parameter the lexer skips one byte and tries again, as
  // Dovecot does: "a=1" is lost in the resynchronisation, "b" is found.
  lexer br(";; a=1; =x; b=\"2\"");
  bool broken = false;
  auto b = parse_parameters(br, &broken);
  EXPECT_TRUE(broken);
  ASSERT_GE(b.size(), 1u);
  EXPECT_EQ(b.back().name, "b");
  EXPECT_EQ(b.back().value, "2");
}

TEST(mime_header, fields_and_filter) {
  std::string h = "Subject: one\r\n two\r\nFrom: a@b\r\nno colon line\r\nX-A : v\r\n\r\n";
  header_reader rd(h);
  header_field f;
  ASSERT_TRUE(rd.next(f));
  EXPECT_EQ(f.name, "Subject");
  EXPECT_EQ(field_value(f), "one\n two");
  EXPECT_EQ(unfold(f.raw_value), "one two");
  ASSERT_TRUE(rd.next(f));
  ASSERT_TRUE(rd.next(f));
  EXPECT_FALSE(f.has_colon);
  EXPECT_EQ(f.name, "no colon line");
  ASSERT_TRUE(rd.next(f));
  EXPECT_EQ(f.name, "X-A");
  EXPECT_FALSE(rd.next(f));
  EXPECT_EQ(filter_header(h, {"from", "SUBJECT"}, false), "Subject: one\r\n two\r\nFrom: a@b\r\n\r\n");
  EXPECT_EQ(filter_header(h, {"subject", "x-a"}, true), "From: a@b\r\nno colon line\r\n\r\n");
  EXPECT_EQ(filter_header(h, {"nothing"}, false), "\r\n");
  // A header with no blank line (cut by a boundary or the end).
  EXPECT_EQ(filter_header("A: 1\r\nB: 2", {"b"}, false), "B: 2\r\n");
  EXPECT_EQ(filter_header("A: 1\r\nB: 2", {"a"}, true), "B: 2");
}

TEST(mime_charset, icu_converters) {
  bool known = true;
  EXPECT_EQ(to_utf8("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", &known), "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
  EXPECT_TRUE(known);
  EXPECT_EQ(to_utf8("windows-1251", "\xcf\xf0\xe8"), "\xd0\x9f\xd1\x80\xd0\xb8");
  EXPECT_EQ(to_utf8("gbk", "\xd6\xd0\xce\xc4"), "\xe4\xb8\xad\xe6\x96\x87");
  EXPECT_EQ(to_utf8("utf-7", "+AKM-1"), "\xc2\xa3" "1");
  EXPECT_EQ(to_utf8("no-such-charset", "ok\xff", &known), "ok\xef\xbf\xbd");
  EXPECT_FALSE(known);
}

}  // namespace
}  // namespace cairn::mime
