// SEARCH in the store: the casemap, the text SEARCH sees, every key's
// meaning, the full-text index against the scan, the background indexer,
// text removal on purge, the index's version, the time budget, and mail in
// several languages and charsets.
#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <string>
#include <vector>

#include "protocol/datetime.hpp"
#include "store/casemap.hpp"
#include "store/search.hpp"
#include "store/search_text.hpp"
#include "store/sqlite/db.hpp"
#include "store/sqlite/embedded.hpp"
#include "store/sqlite/schema.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {
namespace {

using kind = search_key::kind;

search_key k(kind kd, std::string text = {}) {
  search_key s;
  s.k = kd;
  s.text = std::move(text);
  return s;
}
search_key num(kind kd, std::int64_t n) {
  search_key s;
  s.k = kd;
  s.number = n;
  return s;
}
search_key header(std::string name, std::string value) {
  search_key s;
  s.k = kind::header;
  s.name = std::move(name);
  s.text = std::move(value);
  return s;
}
search_key all_of(std::vector<search_key> c) {
  search_key s;
  s.k = kind::and_;
  s.children = std::move(c);
  return s;
}
search_key any_of(std::vector<search_key> c) {
  search_key s;
  s.k = kind::or_;
  s.children = std::move(c);
  return s;
}
search_key not_(search_key c) {
  search_key s;
  s.k = kind::not_;
  s.children.push_back(std::move(c));
  return s;
}
std::int64_t day(int y, int m, int d) { return proto::days_from_civil(y, m, d); }

class search_store_test : public store_test {
 protected:
  void customize(embedded_options& o) override { o.background_indexing = false; }

  std::vector<uid_t> find(mailbox_id box, const search_key& key, bool use_index = true) {
    search_options opt;
    opt.use_index = use_index;
    auto r = acct_->search(box, key, opt);
    EXPECT_TRUE(r) << r.error().message();
    return r ? r->uids : std::vector<uid_t>{};
  }
  // The index and the scan must agree on every search; returns the answer.
  std::vector<uid_t> both(mailbox_id box, const search_key& key) {
    auto a = find(box, key, true);
    auto b = find(box, key, false);
    EXPECT_EQ(a, b) << "index and scan disagree";
    return a;
  }
  search_result run(mailbox_id box, const search_key& key) {
    auto r = acct_->search(box, key, {});
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : search_result{};
  }
  uid_t add_at(mailbox_id box, const std::string& body, zoned_time date, const flags& fl = {}) {
    incoming_message in{body, fl, date};
    auto r = ingest(*acct_, box, std::span<const incoming_message>(&in, 1));
    EXPECT_TRUE(r) << r.error().message();
    return r ? r->uids[0] : 0;
  }
  sqlite::search_index_info index() {
    auto r = sqlite::search_index_of(*acct_);
    EXPECT_TRUE(r);
    return r ? *r : sqlite::search_index_info{};
  }
};

using uids = std::vector<uid_t>;

// -- casemap -------------------------------------------------------------------

TEST(search_casemap, Rfc5051TitlecaseThenNfkd) {
  EXPECT_EQ(casemap("Hello, World 123"), "HELLO, WORLD 123");
  // Umlauts: titlecase, then decomposed (RFC 5051 keeps the diacritic).
  EXPECT_EQ(casemap("M\xc3\xbcller"), "MU\xcc\x88LLER");
  EXPECT_EQ(casemap("MU\xcc\x88LLER"), casemap("m\xc3\xbc" "ller"));
  EXPECT_NE(casemap("Muller"), casemap("M\xc3\xbcller"));
  // Cyrillic.
  EXPECT_EQ(casemap("\xd0\xbe\xd1\x82\xd0\xbf\xd1\x83\xd1\x81\xd0\xba"), casemap("\xd0\x9e\xd0\xa2\xd0\x9f\xd0\xa3\xd0\xa1\xd0\x9a"));
  // RFC 5051's own example: U+01C4 -> U+0044 U+007A U+030C.
  EXPECT_EQ(casemap("\xc7\x84"), "Dz\xcc\x8c");
  // Compatibility forms: full-width letters, a ligature (its simple titlecase
  // is itself, so it decomposes to lower case, as the RFC's steps give).
  EXPECT_EQ(casemap("\xef\xbc\xa1\xef\xbd\x82"), "AB");
  EXPECT_EQ(casemap("\xef\xac\x81"), "fi");
  // Chinese and emoji are unchanged.
  EXPECT_EQ(casemap("\xe4\xb8\xad\xe6\x96\x87"), "\xe4\xb8\xad\xe6\x96\x87");
  EXPECT_EQ(casemap("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
  // Greek final sigma and sigma meet.
  EXPECT_EQ(casemap("\xcf\x82"), casemap("\xcf\x83"));
  // Invalid UTF-8 and NUL become U+FFFD, one per byte.
  EXPECT_EQ(casemap(std::string("a\xff\xc3", 3)), "A\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(casemap(std::string("\0", 1)), "\xef\xbf\xbd");
  EXPECT_EQ(casemap("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
  EXPECT_EQ(casemap("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong
}

// Per code point: the map of a text is the concatenation of the maps of its
// pieces, wherever it is cut between code points (so chunked text and
// substring search are well defined).
TEST(search_casemap, PiecesConcatenate) {
  const std::string text =
      "Gr\xc3\xbc\xc3\x9f" "e \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xe4\xbd\xa0\xe5\xa5\xbd "
      "\xf0\x9f\x8e\x89 \xc7\x84 \xef\xac\x81 \xe1\xba\x9e x";
  const std::string whole = casemap(text);
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
    EXPECT_EQ(casemap(text.substr(0, i)) + casemap(text.substr(i)), whole) << i;
  }
}

// -- the text SEARCH sees ------------------------------------------------------

TEST(search_text_test, HeaderKeysAndTexts) {
  const std::string msg =
      "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\r\n"
      "To: a@example.org,\r\n b@example.org\r\n"
      "To: c@example.org\r\n"
      "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus Berlin\r\n"
      "Date: Tue, 1 Feb 1994 23:30:00 -0800\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n"
      "\r\n"
      "--b\r\n"
      "Content-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "Sch=F6ne Gr=FC=DFe\r\n"
      "--b\r\n"
      "Content-Type: application/octet-stream; name*=UTF-8''%E2%82%AC.bin\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "c2VjcmV0IGJpbmFyeQ==\r\n"
      "--b\r\n"
      "Content-Type: text/html; charset=utf-8\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "PGI+Qm9sZDwvYj4=\r\n"
      "--b--\r\n";
  auto m = parse_for_search(msg);
  header_keys keys = extract_header_keys(msg, m);
  EXPECT_EQ(keys.from, "=?UTF-8?Q?J=C3=BCrgen?= <j@example.de>");
  EXPECT_EQ(keys.to, "a@example.org, b@example.org\nc@example.org");
  EXPECT_EQ(header_value_text(*keys.subject), "Gr\xc3\xbc\xc3\x9f" "e aus Berlin");
  ASSERT_TRUE(keys.date);
  EXPECT_EQ(keys.date->offset_minutes, -480);
  EXPECT_FALSE(keys.cc);
  search_texts t;
  extract_search_texts(msg, m, search_header | search_body, t);
  // Headers of every part, decoded, one per line.
  EXPECT_NE(t.header.find(casemap("\nFrom: J\xc3\xbcrgen <j@example.de>")), std::string::npos);
  EXPECT_NE(t.header.find(casemap("\nContent-Transfer-Encoding: base64")), std::string::npos);
  // Text parts decoded and converted; the octet-stream part left out.
  // (The CRLF before a boundary belongs to the boundary, RFC 2046.)
  EXPECT_EQ(t.body, casemap("\nSch\xc3\xb6ne Gr\xc3\xbc\xc3\x9f" "e\n<b>Bold</b>"));
  EXPECT_EQ(t.body.find(casemap("secret")), std::string::npos);
  EXPECT_TRUE(header_field_contains(msg, "subject", casemap("GR\xc3\x9c\xc3\x9f")));
  EXPECT_TRUE(header_field_contains(msg, "MIME-version", ""));
  EXPECT_FALSE(header_field_contains(msg, "Content-Transfer-Encoding", ""));  // only in parts
}

// -- every key -------------------------------------------------------------

TEST_F(search_store_test, FlagsKeywordsSizesAndSets) {
  auto box = make_box("INBOX");
  uid_t a = add1(box, "Subject: a\r\n\r\nx\r\n", with(flag_seen | flag_flagged, {"$Junk"}));
  uid_t b = add1(box, "Subject: b\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n", with(flag_answered | flag_draft));
  uid_t c = add1(box, "Subject: c\r\n\r\nx\r\n", with(flag_deleted, {"Later"}));
  EXPECT_EQ(both(box, k(kind::all)), (uids{a, b, c}));
  EXPECT_EQ(both(box, num(kind::flag, flag_seen)), (uids{a}));
  EXPECT_EQ(both(box, not_(num(kind::flag, flag_seen))), (uids{b, c}));
  EXPECT_EQ(both(box, num(kind::flag, flag_seen | flag_flagged)), (uids{a}));
  EXPECT_EQ(both(box, num(kind::flag, flag_answered)), (uids{b}));
  EXPECT_EQ(both(box, num(kind::flag, flag_draft)), (uids{b}));
  EXPECT_EQ(both(box, num(kind::flag, flag_deleted)), (uids{c}));
  EXPECT_EQ(both(box, k(kind::keyword, "$junk")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::keyword, "LATER")), (uids{c}));
  EXPECT_EQ(both(box, k(kind::keyword, "Never")), (uids{}));
  EXPECT_EQ(both(box, not_(k(kind::keyword, "Never"))), (uids{a, b, c}));
  auto sizes = live(box);
  EXPECT_EQ(both(box, num(kind::larger, static_cast<std::int64_t>(sizes[0].size))), (uids{b}));
  EXPECT_EQ(both(box, num(kind::smaller, static_cast<std::int64_t>(sizes[1].size))), (uids{a, c}));
  search_key set;
  set.k = kind::uids;
  set.uids = {{c, c}, {a, a}};
  EXPECT_EQ(both(box, set), (uids{a, c}));
  EXPECT_EQ(both(box, any_of({set, num(kind::flag, flag_draft)})), (uids{a, b, c}));
  EXPECT_EQ(both(box, all_of({set, num(kind::flag, flag_draft)})), (uids{}));
  EXPECT_EQ(both(box, k(kind::none)), (uids{}));
  // MODSEQ (RFC 7162): at least the value; the result carries each MODSEQ.
  auto now = live(box);
  EXPECT_EQ(both(box, num(kind::modseq, static_cast<std::int64_t>(now[1].modseq))), (uids{b, c}));
  ASSERT_TRUE(acct_->store_flags(box, {a}, flag_op::add, flags{flag_answered, {}}));
  auto after = live(box);
  EXPECT_EQ(both(box, num(kind::modseq, static_cast<std::int64_t>(after[0].modseq))), (uids{a}));
  auto r = run(box, num(kind::modseq, 0));
  ASSERT_EQ(r.modseqs.size(), 3u);
  EXPECT_EQ(r.modseqs[0], after[0].modseq);
  EXPECT_EQ(r.modseqs[2], after[2].modseq);
}

// BEFORE/ON/SINCE compare the internal date's day in its own offset; the
// SENT* keys the Date: header's day in its own offset.
TEST_F(search_store_test, DaysInTheirOwnOffset) {
  auto box = make_box("INBOX");
  // 1994-02-01 23:30 -0800 is 1994-02-02 07:30 UTC: its own day is Feb 1.
  const std::int64_t t = (day(1994, 2, 2) * 86400) + 7 * 3600 + 30 * 60;
  uid_t a = add_at(box, "Date: Tue, 1 Feb 1994 23:30:00 -0800\r\n\r\nx\r\n", {t, -480});
  // The same instant written in +0900: Feb 2.
  uid_t b = add_at(box, "Date: Wed, 2 Feb 1994 16:30:00 +0900\r\n\r\nx\r\n", {t, 540});
  uid_t c = add_at(box, "Subject: no date\r\n\r\nx\r\n", {t, 0});
  uid_t d = add_at(box, "Date: not a date\r\n\r\nx\r\n", {t - 86400 * 10, 0});
  EXPECT_EQ(both(box, num(kind::on_day, day(1994, 2, 1))), (uids{a}));
  EXPECT_EQ(both(box, num(kind::on_day, day(1994, 2, 2))), (uids{b, c}));
  EXPECT_EQ(both(box, num(kind::before_day, day(1994, 2, 2))), (uids{a, d}));
  EXPECT_EQ(both(box, num(kind::since_day, day(1994, 2, 2))), (uids{b, c}));
  EXPECT_EQ(both(box, num(kind::sent_on_day, day(1994, 2, 1))), (uids{a}));
  EXPECT_EQ(both(box, num(kind::sent_on_day, day(1994, 2, 2))), (uids{b}));
  EXPECT_EQ(both(box, num(kind::sent_before_day, day(1994, 2, 2))), (uids{a}));
  EXPECT_EQ(both(box, num(kind::sent_since_day, day(1994, 2, 1))), (uids{a, b}));
  // Without a (valid) Date: no SENT* key matches; NOT of one does.
  EXPECT_EQ(both(box, not_(num(kind::sent_since_day, day(1970, 1, 1)))), (uids{c, d}));
  // WITHIN: instants, inclusive (RFC 5032).
  EXPECT_EQ(both(box, num(kind::at_or_before, t - 1)), (uids{d}));
  EXPECT_EQ(both(box, num(kind::at_or_after, t)), (uids{a, b, c}));
  EXPECT_EQ(both(box, num(kind::at_or_before, t)), (uids{a, b, c, d}));
}

TEST_F(search_store_test, AddressesSubjectAndHeader) {
  auto box = make_box("INBOX");
  uid_t a = add1(box,
                 "From: \"Smith, John\" <john@smith.example>\r\nTo: alice@example.org\r\n"
                 "Cc: =?UTF-8?B?0JjQstCw0L0=?= <ivan@example.ru>\r\nSubject: Quarterly =?utf-8?q?r=C3=A9sum=C3=A9?=\r\n"
                 "X-Tracker: ticket-4711\r\nMessage-ID: <a1@example>\r\n\r\nbody\r\n");
  uid_t b = add1(box,
                 "From: bob@example.com\r\nBcc: secret@example.net\r\nSubject:\r\n"
                 "X-Empty:\r\n\r\nQuarterly in the body only\r\n");
  uid_t c = add1(box, "To: carol@example.org\r\nTo: smith@other.example\r\n\r\n\r\n");
  EXPECT_EQ(both(box, k(kind::from, "SMITH")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::from, "john@")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::from, "")), (uids{a, b}));  // has the field
  EXPECT_EQ(both(box, k(kind::to, "smith")), (uids{c}));   // any occurrence
  EXPECT_EQ(both(box, k(kind::to, "example.org")), (uids{a, c}));
  EXPECT_EQ(both(box, k(kind::cc, "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd")), (uids{a}));  // "иван", decoded
  EXPECT_EQ(both(box, k(kind::bcc, "secret")), (uids{b}));
  EXPECT_EQ(both(box, k(kind::subject, "R\xc3\x89SUM\xc3\x89")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::subject, "quarterly")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::subject, "")), (uids{a, b}));  // empty Subject: is a Subject
  EXPECT_EQ(both(box, header("x-tracker", "4711")), (uids{a}));
  EXPECT_EQ(both(box, header("X-Empty", "")), (uids{b}));
  EXPECT_EQ(both(box, header("X-Empty", "x")), (uids{}));
  EXPECT_EQ(both(box, header("Message-ID", "<a1@example>")), (uids{a}));
  EXPECT_EQ(both(box, header("Subject", "")), (uids{a, b}));
  EXPECT_EQ(both(box, header("X-Missing", "")), (uids{}));
  EXPECT_EQ(both(box, not_(header("X-Tracker", ""))), (uids{b, c}));
  // Header values are not body text, and body text is not a header.
  EXPECT_EQ(both(box, k(kind::body, "quarterly")), (uids{b}));
  EXPECT_EQ(both(box, k(kind::text, "quarterly")), (uids{a, b}));
  EXPECT_EQ(both(box, k(kind::text, "x-tracker: ticket")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::body, "ticket")), (uids{}));
  EXPECT_EQ(both(box, k(kind::text, "")), (uids{a, b, c}));
  EXPECT_EQ(both(box, k(kind::body, "")), (uids{a, b, c}));
}

TEST_F(search_store_test, BodyAfterDecodingAndShortKeys) {
  auto box = make_box("INBOX");
  uid_t a = add1(box,
                 "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                 "SGVsbG8gV29ybGQsIGl0J3MgYSBzdW5ueSBkYXk=\r\n");  // Hello World, it's a sunny day
  uid_t b = add1(box,
                 "Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                 "Caf=E9 au lait =\r\nand cr=E8me br=FBl=E9e\r\n");
  uid_t c = add1(box, "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8gd29ybGQ=\r\n");
  EXPECT_EQ(both(box, k(kind::body, "hello world")), (uids{a}));  // not in the image
  EXPECT_EQ(both(box, k(kind::body, "SUNNY")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::body, "caf\xc3\xa9 au lait and")), (uids{b}));  // soft break joined
  EXPECT_EQ(both(box, k(kind::body, "CR\xc3\x88ME")), (uids{b}));
  EXPECT_EQ(both(box, k(kind::body, "creme")), (uids{}));  // diacritics matter (RFC 5051)
  // One and two characters: no trigram, always the scan.
  EXPECT_EQ(both(box, k(kind::body, "\xc3\xa9")), (uids{b}));
  EXPECT_EQ(both(box, k(kind::body, "Y")), (uids{a}));
  EXPECT_EQ(both(box, k(kind::body, "ay")), (uids{a}));
  auto r = run(box, k(kind::body, "ay"));
  EXPECT_EQ(r.stats.index_lookups, 0u);
  EXPECT_EQ(r.stats.scanned, 3u);
  (void)c;
}

// BODY and TEXT of indexed mail are answered by the index without reading a
// message; HEADER reads only the candidates the index gives.
TEST_F(search_store_test, IndexAnswersWithoutReading) {
  auto box = make_box("INBOX");
  for (int i = 0; i < 20; ++i)
    add1(box, "Subject: note " + std::to_string(i) + "\r\nX-Seq: n" + std::to_string(i) + "\r\n\r\nplain body " +
                  std::string(i == 7 ? "needle" : "hay") + "\r\n");
  auto info = index();
  EXPECT_EQ(info.indexed, 20u);
  EXPECT_EQ(info.pending, 0u);
  EXPECT_GT(info.index_bytes, 0u);
  EXPECT_GT(info.keys_bytes, 0u);
  auto r = run(box, k(kind::body, "NEEDLE"));
  EXPECT_EQ(r.uids, (uids{8}));
  EXPECT_EQ(r.stats.index_lookups, 1u);
  EXPECT_EQ(r.stats.scanned, 0u);
  r = run(box, header("X-Seq", "n17"));
  EXPECT_EQ(r.uids, (uids{18}));
  EXPECT_EQ(r.stats.scanned, 1u);
  r = run(box, k(kind::subject, "note 1"));  // header keys: no reading
  EXPECT_EQ(r.uids, (uids{2, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
  EXPECT_EQ(r.stats.scanned, 0u);
}

// Mail stored without search data (as before the index existed) is read by
// searches until the background indexer has done it; then the index answers.
TEST_F(search_store_test, BackgroundIndexerTakesOlderMail) {
  auto box = make_box("INBOX");
  std::vector<new_message> msgs;
  for (int i = 0; i < 5; ++i) {
    std::string body = "Subject: old " + std::to_string(i) + "\r\n\r\nold text " + std::to_string(i) + "\r\n";
    auto ref = acct_->put_blob(body);
    ASSERT_TRUE(ref);
    msgs.push_back({*ref, {}, {1700000000, 0}, {}, nullptr});
  }
  ASSERT_TRUE(acct_->append(box, msgs));
  EXPECT_EQ(index().pending, 5u);
  auto r = run(box, k(kind::text, "old text 3"));
  EXPECT_EQ(r.uids, (uids{4}));
  EXPECT_EQ(r.stats.scanned, 5u);
  EXPECT_EQ(both(box, k(kind::subject, "OLD 2")), (uids{3}));
  auto more = sqlite::build_search_index(*acct_, 2);
  ASSERT_TRUE(more);
  EXPECT_TRUE(*more);
  EXPECT_EQ(index().pending, 3u);
  while (true) {
    auto m = sqlite::build_search_index(*acct_, 2);
    ASSERT_TRUE(m);
    if (!*m) break;
  }
  EXPECT_EQ(index().pending, 0u);
  EXPECT_EQ(index().indexed, 5u);
  r = run(box, k(kind::text, "old text 3"));
  EXPECT_EQ(r.uids, (uids{4}));
  EXPECT_EQ(r.stats.scanned, 0u);
  EXPECT_EQ(both(box, k(kind::subject, "OLD 2")), (uids{3}));
}

// Text too large for the index is always read, and still found.
class search_small_index_test : public search_store_test {
 protected:
  void customize(embedded_options& o) override {
    o.background_indexing = false;
    o.search_index_text = 200;
  }
};

TEST_F(search_small_index_test, TooLargeIsRead) {
  auto box = make_box("INBOX");
  std::vector<incoming_message> in;
  std::string small = "Subject: s\r\n\r\nsmall needle\r\n";
  std::string big = "Subject: b\r\n\r\n" + std::string(300, 'x') + " needle\r\n";
  cairn::limits lim;
  lim.search_index_text = 200;
  in.push_back({small, {}, {1700000000, 0}});
  in.push_back({big, {}, {1700000000, 0}});
  ASSERT_TRUE(ingest(*acct_, box, in, lim));
  auto info = index();
  EXPECT_EQ(info.indexed, 1u);
  EXPECT_EQ(info.too_large, 1u);
  auto r = run(box, k(kind::body, "needle"));
  EXPECT_EQ(r.uids, (uids{1, 2}));
  EXPECT_EQ(r.stats.scanned, 1u);
}

// Purging removes the text from the index before the blob goes (a
// contentless FTS5 table needs the text to remove it); copies share one
// entry, which stays while any copy lives.
TEST_F(search_store_test, PurgeRemovesTextThenBlob) {
  auto box = make_box("INBOX");
  auto other = make_box("Other");
  uid_t a = add1(box, "Subject: a\r\n\r\nunique alpha words\r\n", with(flag_deleted));
  uid_t b = add1(box, "Subject: b\r\n\r\nunique beta words\r\n", with(flag_deleted));
  ASSERT_TRUE(acct_->copy(box, {b}, other, false));
  EXPECT_EQ(index().indexed, 2u);
  auto metas = live(box);
  auto x = acct_->expunge(box);
  ASSERT_TRUE(x);
  ASSERT_TRUE(acct_->purge(box, x->modseq));
  EXPECT_FALSE(blob_file_exists(metas[0].blob.hash));
  EXPECT_TRUE(blob_file_exists(metas[1].blob.hash));  // the copy still uses it
  auto info = index();
  EXPECT_EQ(info.indexed, 1u);
  EXPECT_EQ(info.docs, 1u);
  EXPECT_EQ(info.stale, 0u);
  EXPECT_EQ(both(other, k(kind::body, "beta")), (uids{1}));
  EXPECT_EQ(both(box, k(kind::body, "words")), (uids{}));
  // The same text arriving again is indexed again and found.
  uid_t c = add1(box, "Subject: a\r\n\r\nunique alpha words\r\n");
  EXPECT_EQ(both(box, k(kind::body, "alpha")), (uids{c}));
  (void)a;
}

// When a text cannot be removed exactly (it no longer hashes as indexed),
// its entry stays behind, counted as stale, and can never be returned:
// no message names its document number any more.
TEST_F(search_store_test, StaleEntriesAreNeverReturned) {
  auto box = make_box("INBOX");
  add1(box, "Subject: a\r\n\r\nalpha bravo charlie\r\n", with(flag_deleted));
  {
    // Pretend the text derivation changed since it was indexed.
    acct_.reset();
    backend_.reset();
    auto db = sqlite::database::open(account_dir() / "mail.db", {}, sqlite::mail_schema());
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->write([](sqlite::write_context& ctx) -> result<void> {
      return ctx.conn.exec("UPDATE search_docs SET text_hash = text_hash + 1");
    }));
  }
  reopen();
  open_account();
  auto x = acct_->expunge(box);
  ASSERT_TRUE(x);
  ASSERT_TRUE(acct_->purge(box, x->modseq));
  auto info = index();
  EXPECT_EQ(info.stale, 1u);
  EXPECT_EQ(info.indexed, 0u);
  EXPECT_EQ(info.docs, 0u);
  // The same words again, in a new message: only it is found.
  uid_t b = add1(box, "Subject: b\r\n\r\nalpha bravo charlie delta\r\n");
  EXPECT_EQ(both(box, k(kind::body, "bravo")), (uids{b}));
  EXPECT_EQ(run(box, k(kind::body, "bravo")).stats.scanned, 0u);
}

// Deleting a mailbox takes its texts out too.
TEST_F(search_store_test, DeleteMailboxRemovesText) {
  auto box = make_box("Gone");
  add1(box, "Subject: a\r\n\r\nsome text here\r\n");
  EXPECT_EQ(index().indexed, 1u);
  ASSERT_TRUE(acct_->delete_mailbox("Gone"));
  EXPECT_EQ(index().indexed, 0u);
  EXPECT_EQ(index().docs, 0u);
}

// A new text version (another Unicode in ICU, a new text format) empties the
// index; the indexer builds it again and answers stay the same meanwhile.
TEST_F(search_store_test, VersionChangeRebuilds) {
  auto box = make_box("INBOX");
  add1(box, "Subject: a\r\n\r\nversioned text\r\n");
  EXPECT_EQ(index().indexed, 1u);
  {
    // Pretend the index was made by other code.
    acct_.reset();
    backend_.reset();
    auto db = sqlite::database::open(account_dir() / "mail.db", {}, sqlite::mail_schema());
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->write([](sqlite::write_context& ctx) -> result<void> {
      return ctx.conn.exec("UPDATE meta SET value = 12345 WHERE key = 'search_version'");
    }));
  }
  reopen();
  open_account();
  auto info = index();
  EXPECT_EQ(info.indexed, 0u);
  EXPECT_EQ(info.pending, 1u);
  EXPECT_EQ(both(box, k(kind::body, "VERSIONED")), (uids{1}));
  EXPECT_EQ(both(box, k(kind::subject, "a")), (uids{1}));
  ASSERT_TRUE(sqlite::build_search_index(*acct_, 10));
  EXPECT_EQ(index().indexed, 1u);
  EXPECT_EQ(run(box, k(kind::body, "VERSIONED")).stats.scanned, 0u);
}

TEST_F(search_store_test, DeadlineStopsTheSearch) {
  auto box = make_box("INBOX");
  add1(box, "Subject: a\r\n\r\nx\r\n");
  search_options opt;
  opt.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto r = acct_->search(box, k(kind::body, "x"), opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::timeout);
  EXPECT_EQ(acct_->search(999, k(kind::all), {}).error(), errc::not_found);
}

// The corpus in several languages and charsets, each word found by BODY,
// SUBJECT and TEXT, in any case, through the index and the scan alike.
TEST_F(search_store_test, Languages) {
  auto box = make_box("INBOX");
  struct {
    std::string message;
    std::string body_word;     // UTF-8
    std::string subject_word;  // UTF-8
  } const corpus[] = {
      {// German, ISO-8859-1 quoted-printable, RFC 2047 Q subject.
       "Subject: =?ISO-8859-1?Q?=DCbergr=F6=DFe?=\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
       "Content-Transfer-Encoding: quoted-printable\r\n\r\nDie M=FCller-Stra=DFe ist sch=F6n.\r\n",
       "M\xc3\xbcller-Stra\xc3\x9f" "e", "\xc3\x9c" "bergr\xc3\xb6\xc3\x9f" "e"},
      {// Russian, KOI8-R 8-bit body, RFC 2047 B subject in UTF-8.
       "Subject: =?UTF-8?B?0J7RgtC/0YPRgdC6?=\r\nContent-Type: text/plain; charset=KOI8-R\r\n"
       "Content-Transfer-Encoding: 8bit\r\n\r\n\xf0\xd2\xc9\xd7\xc5\xd4, \xcd\xc9\xd2!\r\n",
       "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\xbe\xd1\x82\xd0\xbf\xd1\x83\xd1\x81\xd0\xba"},
      {// Chinese, GB2312 base64 body and subject.
       "Subject: =?GB2312?B?1tDOxMnovMY=?=\r\nContent-Type: text/plain; charset=GB2312\r\n"
       "Content-Transfer-Encoding: base64\r\n\r\nztLDx7XEy9HL98rHzcbLzQ==\r\n",
       "\xe6\x90\x9c\xe7\xb4\xa2", "\xe4\xb8\xad\xe6\x96\x87"},
      {// Japanese, ISO-2022-JP 7-bit body, RFC 2047 B subject in ISO-2022-JP.
       "Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
       "Content-Transfer-Encoding: 7bit\r\n\r\n\x1b$B$3$s$K$A$O@$3&\x1b(B\r\n",
       "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf",
       "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"},
      {// Emoji, UTF-8 base64 body, UTF-8 Q subject.
       "Subject: =?UTF-8?Q?Party_=F0=9F=8E=89?=\r\nContent-Type: text/plain; charset=UTF-8\r\n"
       "Content-Transfer-Encoding: base64\r\n\r\n8J+Ogjwg8J+NsCBjYWtlIHRpbWU=\r\n",
       "\xf0\x9f\x8d\xb0 cake", "party \xf0\x9f\x8e\x89"},
  };
  std::vector<uid_t> uid_of;
  for (const auto& c : corpus) uid_of.push_back(add1(box, c.message));
  for (std::size_t i = 0; i < std::size(corpus); ++i) {
    const auto& c = corpus[i];
    EXPECT_EQ(both(box, k(kind::body, c.body_word)), (uids{uid_of[i]})) << i;
    EXPECT_EQ(both(box, k(kind::text, c.body_word)), (uids{uid_of[i]})) << i;
    EXPECT_EQ(both(box, k(kind::subject, c.subject_word)), (uids{uid_of[i]})) << i;
    EXPECT_EQ(both(box, k(kind::text, c.subject_word)), (uids{uid_of[i]})) << i;
    // Case-insensitively: the same word in its upper-case form (ICU).
    EXPECT_EQ(both(box, k(kind::body, casemap(c.body_word))), (uids{uid_of[i]})) << i;
  }
  // Single CJK characters and a lone emoji are shorter than a trigram.
  EXPECT_EQ(both(box, k(kind::body, "\xe6\x90\x9c")), (uids{uid_of[2]}));
  EXPECT_EQ(both(box, k(kind::body, "\xf0\x9f\x8d\xb0")), (uids{uid_of[4]}));
}

}  // namespace
}  // namespace cairn::store::testing

namespace cairn::store::testing {
namespace {

// The backend's own indexer thread (background_indexing on, as in the
// server) takes mail stored without search data, while the account is open.
class search_indexer_thread_test : public store_test {};

TEST_F(search_indexer_thread_test, IndexesInTheBackground) {
  auto box = make_box("INBOX");
  std::vector<new_message> msgs;
  for (int i = 0; i < 40; ++i) {
    auto ref = acct_->put_blob("Subject: bg " + std::to_string(i) + "\r\n\r\nbackground text\r\n");
    ASSERT_TRUE(ref);
    msgs.push_back({*ref, {}, {1700000000, 0}, {}, nullptr});
  }
  ASSERT_TRUE(acct_->append(box, msgs));
  // Reopening the account wakes the indexer (work is pending). Wait for it,
  // bounded; the answers are the same at every moment meanwhile.
  acct_.reset();
  open_account();
  search_key k;
  k.k = search_key::kind::body;
  k.text = "background";
  for (int i = 0; i < 600; ++i) {
    auto r = acct_->search(box, k, {});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->uids.size(), 40u);
    auto info = sqlite::search_index_of(*acct_);
    ASSERT_TRUE(info);
    if (info->pending == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto info = sqlite::search_index_of(*acct_);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->pending, 0u);
  EXPECT_EQ(info->indexed, 40u);
  auto r = acct_->search(box, k, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stats.scanned, 0u);
}

// With index_later (as `cairn serve` runs), APPEND stores the header keys
// but leaves the text to the indexer thread, a moment later: SEARCH reads
// the message meanwhile and gives the same answers; then the index does.
class search_index_later_test : public store_test {
  void customize(embedded_options& o) override { o.index_later = true; }
};

TEST_F(search_index_later_test, NewMailIsIndexedAMomentLater) {
  auto box = make_box("INBOX");
  ASSERT_TRUE(acct_->indexes_text_later());
  std::vector<incoming_message> in{{"Subject: later\r\nFrom: ann@example.org\r\n\r\nthe quick text\r\n", {}, {}}};
  ASSERT_TRUE(ingest(*acct_, box, in));
  // Right after the APPEND (the indexer waits new_mail_index_delay, 1 s).
  auto info = sqlite::search_index_of(*acct_);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->pending, 1u);
  EXPECT_EQ(info->indexed, 0u);
  EXPECT_GT(info->keys_bytes, 0u);
  search_key body;
  body.k = search_key::kind::body;
  body.text = "QUICK";
  auto r = acct_->search(box, body, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->uids, (std::vector<uid_t>{1}));
  EXPECT_EQ(r->stats.scanned, 1u);
  search_key from;
  from.k = search_key::kind::from;
  from.text = "ann@";
  r = acct_->search(box, from, {});  // header keys went in with the message
  ASSERT_TRUE(r);
  EXPECT_EQ(r->uids, (std::vector<uid_t>{1}));
  EXPECT_EQ(r->stats.scanned, 0u);
  // Then the indexer thread (bounded wait).
  for (int i = 0; i < 600; ++i) {
    info = sqlite::search_index_of(*acct_);
    ASSERT_TRUE(info);
    if (info->pending == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(info->pending, 0u);
  EXPECT_EQ(info->indexed, 1u);
  r = acct_->search(box, body, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->uids, (std::vector<uid_t>{1}));
  EXPECT_EQ(r->stats.scanned, 0u);
  EXPECT_EQ(r->stats.index_lookups, 1u);
}

// Without it (cairn deliver, import: processes that may exit first), the
// text is indexed in the APPEND's own transaction.
TEST_F(search_indexer_thread_test, ShortLivedProcessesIndexAsTheyAdd) {
  auto box = make_box("INBOX");
  ASSERT_FALSE(acct_->indexes_text_later());
  std::vector<incoming_message> in{{"Subject: now\r\n\r\nindexed at once\r\n", {}, {}}};
  ASSERT_TRUE(ingest(*acct_, box, in));
  auto info = sqlite::search_index_of(*acct_);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->pending, 0u);
  EXPECT_EQ(info->indexed, 1u);
}

}  // namespace
}  // namespace cairn::store::testing
