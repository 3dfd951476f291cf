// Quota accounting and enforcement in the store (RFC 9208; store.hpp "Quota").
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/sqlite/db.hpp"
#include "store/sqlite/schema.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {

quota_info q(account& a) {
  auto r = a.quota();
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : quota_info{};
}

const quota_setting unlimited{quota_setting::kind::unlimited, 0};
quota_setting limit(std::uint64_t v) { return {quota_setting::kind::limit, v}; }

}  // namespace

TEST_F(store_test, QuotaUsageFollowsEveryChange) {
  auto inbox = make_box("INBOX");
  auto other = make_box("Other");
  EXPECT_EQ(q(*acct_).messages_used, 0u);
  auto uids = add(inbox, {"Subject: a\r\n\r\n1234", "Subject: b\r\n\r\n12345678"});
  auto info = q(*acct_);
  EXPECT_EQ(info.messages_used, 2u);
  EXPECT_EQ(info.storage_used, 18u + 22u);
  EXPECT_FALSE(info.limits.storage);
  EXPECT_FALSE(info.limits.messages);

  // COPY adds, MOVE does not change the total.
  ASSERT_TRUE(acct_->copy(inbox, {uids[0]}, other, false));
  EXPECT_EQ(q(*acct_).messages_used, 3u);
  ASSERT_TRUE(acct_->copy(inbox, {uids[1]}, other, true));
  EXPECT_EQ(q(*acct_).messages_used, 3u);
  EXPECT_EQ(q(*acct_).storage_used, 18u + 18u + 22u);

  // EXPUNGE frees at once (before the purge), purge changes nothing more.
  ASSERT_TRUE(acct_->store_flags(other, {1, 2}, flag_op::add, with(flag_deleted)));
  auto counts = acct_->counts(other);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->deleted_size, 18u + 22u);  // STATUS DELETED-STORAGE
  auto ex = acct_->expunge(other);
  ASSERT_TRUE(ex);
  EXPECT_EQ(q(*acct_).messages_used, 1u);
  ASSERT_TRUE(acct_->purge(other, ex->modseq));
  EXPECT_EQ(q(*acct_).messages_used, 1u);
  EXPECT_EQ(q(*acct_).storage_used, 18u);

  // Deleting a mailbox frees its live messages.
  add(other, {"Subject: c\r\n\r\nxyz"});
  EXPECT_EQ(q(*acct_).messages_used, 2u);
  ASSERT_TRUE(acct_->delete_mailbox("Other"));
  EXPECT_EQ(q(*acct_).messages_used, 1u);
  EXPECT_EQ(q(*acct_).storage_used, 18u);
}

TEST_F(store_test, QuotaRefusesAppendAndCopyPastALimit) {
  auto inbox = make_box("INBOX");
  auto other = make_box("Other");
  ASSERT_TRUE(acct_->set_quota({unlimited, limit(2)}));
  add(inbox, {"Subject: a\r\n\r\n1"});
  // A batch that would pass the limit is refused whole (MULTIAPPEND).
  std::vector<incoming_message> two{{"Subject: b\r\n\r\n2", {}, {}}, {"Subject: c\r\n\r\n3", {}, {}}};
  auto r = ingest(*acct_, inbox, two);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::over_quota);
  EXPECT_EQ(live(inbox).size(), 1u);
  add(inbox, {"Subject: b\r\n\r\n2"});
  r = ingest(*acct_, inbox, std::vector<incoming_message>{{"Subject: d\r\n\r\n4", {}, {}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::over_quota);
  // COPY is refused; MOVE within the account is not.
  auto c = acct_->copy(inbox, {1}, other, false);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), errc::over_quota);
  auto m = acct_->copy(inbox, {1, 2}, other, true);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->dest_uids.size(), 2u);
  // Freeing one message makes room again.
  ASSERT_TRUE(acct_->store_flags(other, {1}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(other));
  EXPECT_EQ(add(inbox, {"Subject: e\r\n\r\n5"}).size(), 1u);
}

TEST_F(store_test, QuotaStorageLimitIsInclusive) {
  auto inbox = make_box("INBOX");
  const std::string msg = "Subject: x\r\n\r\n0123456789";  // 24 bytes
  ASSERT_TRUE(acct_->set_quota({limit(48), unlimited}));
  EXPECT_EQ(add(inbox, {msg, msg}).size(), 2u);  // exactly at the limit
  auto r = ingest(*acct_, inbox, std::vector<incoming_message>{{"x", {}, {}}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), errc::over_quota);
  // Limit 0: nothing more may be stored (RFC 9208 section 3.1.2).
  ASSERT_TRUE(acct_->set_quota({limit(0), unlimited}));
  EXPECT_FALSE(ingest(*acct_, inbox, std::vector<incoming_message>{{"x", {}, {}}}));
}

TEST_F(store_test, QuotaSettingsOverDefaults) {
  opt_.default_quota = {1000, 10};
  acct_.reset();
  reopen();
  open_account();
  auto info = q(*acct_);
  EXPECT_EQ(info.limits.storage, 1000u);
  EXPECT_EQ(info.limits.messages, 10u);
  EXPECT_EQ(info.own.storage.how, quota_setting::kind::inherit);
  ASSERT_TRUE(acct_->set_quota({unlimited, limit(5)}));
  info = q(*acct_);
  EXPECT_FALSE(info.limits.storage);
  EXPECT_EQ(info.limits.messages, 5u);
  EXPECT_EQ(info.own.messages, limit(5));
  ASSERT_TRUE(acct_->set_quota({}));  // back to the defaults
  info = q(*acct_);
  EXPECT_EQ(info.limits.storage, 1000u);
  EXPECT_EQ(info.limits.messages, 10u);
  // Settings survive a reopen.
  ASSERT_TRUE(acct_->set_quota({limit(7), limit(3)}));
  acct_.reset();
  reopen();
  open_account();
  EXPECT_EQ(q(*acct_).own.storage, limit(7));
  EXPECT_EQ(q(*acct_).limits.messages, 3u);
}

// A mail.db made before quotas (user_version 2) gets its usage counted by
// the migration (mail.db migration 3).
TEST_F(store_test, QuotaMigrationCountsExistingMail) {
  auto inbox = make_box("INBOX");
  add(inbox, {"Subject: a\r\n\r\n1", "Subject: b\r\n\r\n22"});
  acct_.reset();
  backend_.reset();
  {
    auto c = sqlite::connection::open(account_dir() / "mail.db", {});
    ASSERT_TRUE(c);
    // Back to schema version 2: version 4 (search) undone first, then 3.
    ASSERT_TRUE((*c)->exec("DROP TRIGGER messages_blob_id; DROP TRIGGER blobs_search_docs; "
                           "DROP INDEX messages_unseen; DROP INDEX messages_blob_id; DROP TABLE search_docs; "
                           "DROP TABLE search_fts; ALTER TABLE messages DROP COLUMN blob_id;"));
    ASSERT_TRUE((*c)->exec("DROP TRIGGER quota_on_insert; DROP TRIGGER quota_on_expunge; "
                           "DROP TRIGGER quota_on_delete; DROP TABLE quota_usage; DROP TABLE quota_limits; "
                           "PRAGMA user_version = 2;"));
  }
  reopen();
  open_account();
  auto info = q(*acct_);
  EXPECT_EQ(info.messages_used, 2u);
  EXPECT_EQ(info.storage_used, 15u + 16u);
}

// Concurrent appends cannot overshoot a limit together.
TEST_F(store_test, QuotaHoldsUnderConcurrentAppends) {
  auto inbox = make_box("INBOX");
  ASSERT_TRUE(acct_->set_quota({unlimited, limit(10)}));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, refused{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        std::string body = "Subject: " + std::to_string(t) + "-" + std::to_string(i) + "\r\n\r\nx";
        auto r = ingest(*acct_, inbox, std::vector<incoming_message>{{body, {}, {}}});
        if (r) ++ok;
        else if (r.error() == errc::over_quota) ++refused;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(refused.load(), 22);
  EXPECT_EQ(live(inbox).size(), 10u);
}

}  // namespace cairn::store::testing
