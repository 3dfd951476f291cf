#include "store/ingest.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

using namespace cairn::store;
using cairn::errc;

TEST(store_crlf, ConvertsBareLfAndBareCr) {
  EXPECT_EQ(to_crlf(""), "");
  EXPECT_EQ(to_crlf("a\r\nb\r\n"), "a\r\nb\r\n");
  EXPECT_EQ(to_crlf("a\nb\n"), "a\r\nb\r\n");
  EXPECT_EQ(to_crlf("a\rb\r"), "a\r\nb\r\n");
  EXPECT_EQ(to_crlf("\n\n"), "\r\n\r\n");
  EXPECT_EQ(to_crlf("\r\r\n"), "\r\n\r\n");
  EXPECT_EQ(to_crlf("\n\r"), "\r\n\r\n");
  EXPECT_EQ(to_crlf("mixed\r\nlf\ncr\rend"), "mixed\r\nlf\r\ncr\r\nend");
  EXPECT_EQ(to_crlf(std::string_view("nul\0byte\n", 9)), std::string("nul\0byte\r\n", 10));
  EXPECT_TRUE(is_crlf("a\r\nb"));
  EXPECT_FALSE(is_crlf("a\nb"));
  EXPECT_FALSE(is_crlf("a\r"));
  EXPECT_FALSE(is_crlf("\r\r\n"));
}

TEST(store_crlf, EveryOutputIsClean) {
  // Every string over {a, CR, LF} up to length 6.
  const char alphabet[] = {'a', '\r', '\n'};
  for (int len = 0; len <= 6; ++len) {
    int total = 1;
    for (int i = 0; i < len; ++i) total *= 3;
    for (int n = 0; n < total; ++n) {
      std::string s;
      for (int i = 0, v = n; i < len; ++i, v /= 3) s += alphabet[v % 3];
      std::string c = to_crlf(s);
      EXPECT_TRUE(is_crlf(c)) << ::testing::PrintToString(s);
      EXPECT_EQ(to_crlf(c), c);
    }
  }
}

namespace cairn::store::testing {

TEST_F(store_test, IngestStoresCrlfBytes) {
  auto box = make_box("INBOX");
  auto uid = add1(box, "Subject: hi\n\nbody\nline\r");
  ASSERT_EQ(uid, 1u);
  auto msgs = live(box);
  ASSERT_EQ(msgs.size(), 1u);
  const std::string want = "Subject: hi\r\n\r\nbody\r\nline\r\n";
  EXPECT_EQ(msgs[0].size, want.size());
  auto bytes = acct_->read_blob(msgs[0].blob, 0, 1 << 20);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, want);
  EXPECT_EQ(msgs[0].blob.hash, sqlite::sha256_hex(want));
  EXPECT_EQ(msgs[0].internal_date, (zoned_time{1700000000, 60}));
}

TEST_F(store_test, IngestBatchIsAllOrNothing) {
  auto box = make_box("INBOX");
  // The second message carries too many keywords: neither is stored.
  std::vector<std::string> many;
  for (int i = 0; i < 1001; ++i) many.push_back("k" + std::to_string(i));
  std::string a = "A\r\n", b = "B\r\n";
  std::vector<incoming_message> in{{a, {}, {}}, {b, with(0, many), {}}};
  auto r = ingest(*acct_, box, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::limit);
  EXPECT_TRUE(live(box).empty());
  EXPECT_EQ(info(box).uidnext, 1u);
  // And a good batch gets consecutive UIDs with one MODSEQ.
  std::vector<incoming_message> good{{a, {}, {}}, {b, {}, {}}};
  auto ok = ingest(*acct_, box, good);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->uids, (std::vector<uid_t>{1, 2}));
  for (const auto& m : live(box)) EXPECT_EQ(m.modseq, ok->modseq);
}

TEST_F(store_test, IngestIntoMissingMailboxAsksToCreate) {
  std::string a = "A\r\n";
  std::vector<incoming_message> in{{a, {}, {}}};
  auto r = ingest(*acct_, 12345, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::try_create);
}

}  // namespace cairn::store::testing
