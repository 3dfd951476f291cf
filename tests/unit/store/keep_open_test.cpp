// store.keep_open: the most recently used accounts stay open after their
// last user lets go, up to the limit; deletion closes them at once.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {

class keep_open_test : public store_test {
 protected:
  void customize(embedded_options& o) override { o.keep_open = 2; }

  // Adds a user and returns a weak reference to its account, opened and let go.
  std::pair<user_record, std::weak_ptr<account>> opened_and_released(const std::string& name) {
    auto u = backend_->users().add_user(name, "$argon2id$fake");
    EXPECT_TRUE(u) << u.error().message();
    if (!u) return {};
    auto a = backend_->open_account(u->account_id);
    EXPECT_TRUE(a) << a.error().message();
    if (!a) return {};
    std::weak_ptr<account> w = *a;
    return {*u, w};
  }
};

class keep_none_test : public store_test {
 protected:
  void customize(embedded_options& o) override { o.keep_open = 0; }
};

}  // namespace

TEST_F(keep_open_test, MostRecentlyUsedStayOpenUpToTheLimit) {
  acct_.reset();
  auto [b, wb] = opened_and_released("bob");
  auto [c, wc] = opened_and_released("carol");
  EXPECT_FALSE(wb.expired());
  EXPECT_FALSE(wc.expired());
  // The same object comes back while it is kept.
  auto again = backend_->open_account(b.account_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get(), wb.lock().get());
  again->reset();
  // bob was used last: a third account pushes carol out, not bob.
  auto [d, wd] = opened_and_released("dave");
  EXPECT_FALSE(wb.expired());
  EXPECT_TRUE(wc.expired());
  EXPECT_FALSE(wd.expired());
  // Alice (the fixture's) was pushed out long ago and opens again.
  auto al = backend_->open_account(user_.account_id);
  ASSERT_TRUE(al);
  EXPECT_NE(al->get(), nullptr);
}

TEST_F(keep_open_test, HeldAccountIsNotPushedOutUnderItsUser) {
  // An account still in use stays the same object when pushed out of the
  // list: only the list's reference goes.
  auto held = acct_;
  auto [b, wb] = opened_and_released("bob");
  auto [c, wc] = opened_and_released("carol");
  auto same = backend_->open_account(user_.account_id);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->get(), held.get());
}

TEST_F(keep_open_test, DeletedUserIsClosedAndRemovedAtOnce) {
  auto [b, wb] = opened_and_released("bob");
  ASSERT_FALSE(wb.expired());
  const auto dir = opt_.data_dir / "accounts" / b.account_id;
  ASSERT_TRUE(fs::exists(dir));
  ASSERT_TRUE(backend_->users().delete_user("bob"));
  EXPECT_TRUE(wb.expired());  // no longer held open
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(backend_->open_account(b.account_id).error(), errc::not_found);
}

TEST_F(keep_open_test, DeletedByAnotherProcessIsForgotten) {
  auto [b, wb] = opened_and_released("bob");
  // Another process (cairn user del) deletes bob; this one is told.
  {
    auto other = open_embedded(opt_);
    ASSERT_TRUE(other);
    ASSERT_TRUE((*other)->users().delete_user("bob"));
  }
  EXPECT_FALSE(wb.expired());  // not told yet
  backend_->forget_account(b.account_id);
  EXPECT_TRUE(wb.expired());
  EXPECT_EQ(backend_->open_account(b.account_id).error(), errc::not_found);
}

TEST_F(keep_open_test, DeletedByAnotherProcessUntoldIsNotReused) {
  auto [b, wb] = opened_and_released("bob");
  {
    auto other = open_embedded(opt_);
    ASSERT_TRUE(other);
    ASSERT_TRUE((*other)->users().delete_user("bob"));
  }
  // The notification was lost: the kept account is not handed out again.
  EXPECT_EQ(backend_->open_account(b.account_id).error(), errc::not_found);
  EXPECT_TRUE(wb.expired());
}

TEST_F(keep_open_test, SeesWhatAnotherProcessWrote) {
  // A kept account reads what another process (cairn deliver) committed
  // while no session had it.
  auto box = make_box("INBOX");
  std::weak_ptr<account> w = acct_;
  acct_.reset();
  ASSERT_FALSE(w.expired());
  {
    auto other = open_embedded(opt_);
    ASSERT_TRUE(other);
    auto a = (*other)->open_account(user_.account_id);
    ASSERT_TRUE(a);
    std::vector<incoming_message> in{{"Subject: x\r\n\r\nhello\r\n", {}, {1700000000, 0}}};
    ASSERT_TRUE(ingest(**a, box, in));
  }
  open_account();
  EXPECT_EQ(acct_.get(), w.lock().get());
  EXPECT_EQ(live_uids(box), (std::vector<uid_t>{1}));
  EXPECT_EQ(info(box).uidnext, 2u);
}

TEST_F(keep_none_test, ClosedWithTheLastUser) {
  std::weak_ptr<account> w = acct_;
  acct_.reset();
  EXPECT_TRUE(w.expired());
}

}  // namespace cairn::store::testing
