#include "store/ingest.hpp"

#include "mime/message.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

using namespace cairn::store;
using cairn::errc;

// The ingest path makes every bare LF a CRLF and leaves everything else,
// bare CR included (a CR alone is no line end in MIME; Dovecot keeps it
// too, so sizes and line counts agree with it).
TEST(store_crlf, EveryStoredFormHasNoBareLf) {
  // Every string over {a, CR, LF} up to length 6.
  const char alphabet[] = {'a', '\r', '\n'};
  for (int len = 0; len <= 6; ++len) {
    int total = 1;
    for (int i = 0; i < len; ++i) total *= 3;
    for (int n = 0; n < total; ++n) {
      std::string s;
      for (int i = 0, v = n; i < len; ++i, v /= 3) s += alphabet[v % 3];
      std::string c = cairn::mime::normalize_crlf(s);
      for (std::size_t i = 0; i < c.size(); ++i) {
        if (c[i] == '\n') {
          EXPECT_TRUE(i > 0 && c[i - 1] == '\r') << ::testing::PrintToString(s);
        }
      }
      EXPECT_EQ(cairn::mime::normalize_crlf(c), c);
      // Removing the inserted CRs gives the input back.
      std::string back;
      for (std::size_t i = 0; i < c.size(); ++i) {
        bool inserted = c[i] == '\r' && i + 1 < c.size() && c[i + 1] == '\n' && back.size() < s.size() &&
                        s[back.size()] == '\n';
        if (!inserted) back += c[i];
      }
      EXPECT_EQ(back, s) << ::testing::PrintToString(s);
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
  const std::string want = "Subject: hi\r\n\r\nbody\r\nline\r";
  EXPECT_EQ(msgs[0].size, want.size());
  auto bytes = acct_->read_blob(msgs[0].blob, 0, 1 << 20);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, want);
  EXPECT_EQ(msgs[0].blob.hash, sqlite::sha256_hex(want));
  EXPECT_EQ(msgs[0].internal_date, (zoned_time{1700000000, 60}));
  // Its structure was parsed once, here, and kept beside the blob.
  auto parsed = acct_->parsed(msgs[0].blob);
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->empty());
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
