// The embedded store's SORT and THREAD cache (store/sqlite/sort_cache.hpp):
// after every kind of change (appends, expunges, moves in and out, flag
// changes, purges, a mailbox deleted and made again, expunges forgotten),
// the cached answers must be the ones the store gives when it derives every
// key again (store::account's own sort and thread, called directly). The
// same with a budget smaller than the mailbox, and with none.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>
#include <string>
#include <vector>

#include "store/sort.hpp"
#include "store/sqlite/sort_cache.hpp"
#include "store/uid_ranges.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {
namespace {

const std::vector<std::vector<order_criterion>> kCriteria = {
    {{order_key::arrival, false}},
    {{order_key::date, true}},
    {{order_key::subject, false}},
    {{order_key::from, false}, {order_key::date, true}},
    {{order_key::to, true}, {order_key::cc, false}},
    {{order_key::size, false}, {order_key::subject, true}},
    {{order_key::display_from, false}},
    {{order_key::display_to, true}, {order_key::arrival, true}},
};

// A message whose keys collide often: few subjects, senders and dates, and
// replies to earlier IDs (some missing, some duplicated).
std::string message(std::mt19937& rng, int n) {
  static const char* subjects[] = {"Hello", "Re: Hello", "=?UTF-8?Q?=C3=89t=C3=A9?=", "Fwd: [list] Plans",
                                   "plans", "", "RE: re: hello (fwd)"};
  static const char* people[] = {"Ann <ann@example.org>", "bob@example.com", "\"Zed\" <zed@example.net>",
                                 "=?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>", "undisclosed-recipients:;"};
  auto pick = [&](auto& arr) { return arr[rng() % (sizeof(arr) / sizeof(arr[0]))]; };
  std::string m;
  m += "From: " + std::string(pick(people)) + "\r\n";
  m += "To: " + std::string(pick(people)) + "\r\n";
  if (rng() % 2) m += "Cc: " + std::string(pick(people)) + "\r\n";
  if (rng() % 5) m += "Date: " + std::to_string(1 + rng() % 5) + " Mar 2026 10:00:00 +0000\r\n";
  m += "Subject: " + std::string(pick(subjects)) + "\r\n";
  m += "Message-ID: <m" + std::to_string(rng() % 7 == 0 ? 1 : n) + "@example.org>\r\n";
  if (n > 1 && rng() % 2) {
    m += "References: <m" + std::to_string(1 + rng() % n) + "@example.org>";
    if (rng() % 2) m += " <m" + std::to_string(1 + rng() % (n + 3)) + "@example.org>";
    m += "\r\n";
  }
  m += "\r\n" + std::string(rng() % 200, 'x') + "\r\n";
  return m;
}

class sort_cache_test : public store_test, public ::testing::WithParamInterface<std::size_t> {
 protected:
  void customize(embedded_options& o) override {
    o.sort_cache_messages = GetParam();
    o.flags_cache_messages = GetParam();
    o.expunge_history = std::chrono::seconds(0);
  }

  // The same account through a second backend without caches: what the
  // database says.
  std::shared_ptr<account> plain() {
    if (!plain_acct_) {
      embedded_options o = opt_;
      o.sort_cache_messages = 0;
      o.flags_cache_messages = 0;
      o.background_indexing = false;
      auto b = open_embedded(o);
      EXPECT_TRUE(b);
      plain_backend_ = std::move(*b);
      auto a = plain_backend_->open_account(user_.account_id);
      EXPECT_TRUE(a);
      plain_acct_ = *a;
    }
    return plain_acct_;
  }
  void TearDown() override {
    plain_acct_.reset();
    plain_backend_.reset();
    store_test::TearDown();
  }
  std::unique_ptr<backend> plain_backend_;
  std::shared_ptr<account> plain_acct_;

  static std::string dump(const std::vector<message_flags>& v) {
    std::string out;
    for (const auto& m : v) {
      out += std::to_string(m.uid) + ":" + std::to_string(m.fl.system) + (m.expunged ? "x" : "");
      for (const auto& k : m.fl.keywords) out += "," + k;
      out += " ";
    }
    return out;
  }

  // flags_of (SELECT, FETCH FLAGS) and select_listing from the cache and
  // from the database.
  void flags_agree(mailbox_id box, const std::string& when) {
    auto l = acct_->select_listing(box);
    auto lp = plain()->select_listing(box);
    ASSERT_TRUE(l && lp) << when;
    EXPECT_EQ(l->uids, lp->uids) << when;
    EXPECT_EQ(l->first_unseen, lp->first_unseen) << when;
    const uid_t top = info(box).uidnext;
    const std::vector<std::optional<uid_ranges>> sets = {
        std::nullopt, uid_ranges{{1, 3}, {5, top}}, uid_ranges{{top / 2, top / 2 + 4}}, uid_ranges{{top, top + 10}}};
    for (const auto& only : sets)
      for (bool any : {false, true}) {
        auto cached = acct_->flags_of(box, only, any);
        auto fresh = plain()->flags_of(box, only, any);
        ASSERT_TRUE(cached && fresh) << when;
        EXPECT_EQ(dump(*cached), dump(*fresh)) << when << (any ? " (any)" : "");
      }
  }

  std::string threads(const thread_tree& t) {
    return format_threads(t, [](uid_t u) { return u; });
  }

  // Every criterion and both algorithms, on all of `uids` and on a subset.
  void agree(mailbox_id box, const std::string& when) {
    flags_agree(box, when);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    std::vector<uid_t> all = live_uids(box);
    // UIDs that are not live (expunged, moved away, never used) must be
    // left out, as must be the ones not asked for.
    std::vector<uid_t> asked;
    for (uid_t u = 1; u < info(box).uidnext; ++u) asked.push_back(u);
    asked.push_back(100000);
    std::vector<uid_t> some;
    for (std::size_t i = 0; i < all.size(); i += 3) some.push_back(all[i]);
    for (const auto* uids : {&asked, &some}) {
      for (const auto& c : kCriteria) {
        auto cached = acct_->sort(box, *uids, c, deadline);
        auto fresh = acct_->account::sort(box, *uids, c, deadline);
        ASSERT_TRUE(cached && fresh) << when;
        EXPECT_EQ(*cached, *fresh) << when << " (" << uids->size() << " asked)";
      }
      for (auto a : {thread_algorithm::references, thread_algorithm::orderedsubject}) {
        auto cached = acct_->thread(box, *uids, a, deadline);
        auto fresh = acct_->account::thread(box, *uids, a, deadline);
        ASSERT_TRUE(cached && fresh) << when;
        EXPECT_EQ(threads(**cached), threads(**fresh)) << when << " (" << uids->size() << " asked)";
        // Asked twice (the whole mailbox is kept): the same answer.
        auto again = acct_->thread(box, *uids, a, deadline);
        ASSERT_TRUE(again);
        EXPECT_EQ(threads(**again), threads(**fresh)) << when;
      }
    }
  }
};

TEST_P(sort_cache_test, AgreesAfterEveryKindOfChange) {
  std::mt19937 rng(20261126);
  int n = 0;
  auto batch = [&](int count) {
    std::vector<std::string> bodies;
    for (int i = 0; i < count; ++i) bodies.push_back(message(rng, ++n));
    return bodies;
  };
  const mailbox_id box = make_box("Lists");
  const mailbox_id other = make_box("Other");
  add(box, batch(40));
  add(other, batch(10));
  agree(box, "after the first appends");
  add(box, batch(5));
  agree(box, "after new mail");
  // Flag changes: no key changes, and nothing must be lost.
  auto uids = live_uids(box);
  ASSERT_TRUE(acct_->store_flags(box, {uids[0], uids[3]}, flag_op::add, with(flag_seen)));
  agree(box, "after a flag change");
  ASSERT_TRUE(acct_->store_flags(box, {uids[3], uids[7]}, flag_op::add, with(flag_flagged, {"$Work", "Later"})));
  ASSERT_TRUE(acct_->store_flags(box, {uids[0]}, flag_op::remove, with(flag_seen)));
  agree(box, "after keywords and a flag taken off");
  // Changed by the other backend (another process would be the same).
  ASSERT_TRUE(plain()->store_flags(box, {uids[8]}, flag_op::set, with(flag_answered, {"Other"})));
  agree(box, "after a change made elsewhere");
  // Expunges, then purge (the rows go; the record stays).
  ASSERT_TRUE(acct_->store_flags(box, {uids[1], uids[4], uids[20]}, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(box, std::nullopt));
  agree(box, "after an expunge");
  ASSERT_TRUE(acct_->purge(box, info(box).highestmodseq));
  add(box, batch(2));
  agree(box, "after a purge and new mail");
  // A move out and a move in; a copy in.
  uids = live_uids(box);
  ASSERT_TRUE(acct_->copy(box, {uids[2], uids[5]}, other, true));
  auto from_other = live_uids(other);
  ASSERT_TRUE(acct_->copy(other, {from_other[0], from_other[1]}, box, true));
  ASSERT_TRUE(acct_->copy(other, {from_other[2]}, box, false));
  agree(box, "after moves and a copy");
  // Everything expunged, then new mail.
  uids = live_uids(box);
  ASSERT_TRUE(acct_->store_flags(box, uids, flag_op::add, with(flag_deleted)));
  ASSERT_TRUE(acct_->expunge(box, std::nullopt));
  agree(box, "in an empty mailbox");
  add(box, batch(12));
  agree(box, "after refilling");
  // More new mail at once than is taken in one by one (ranks made again).
  add(box, batch(70));
  agree(box, "after many new messages");
  // New mail one message at a time, sorted in between.
  for (int i = 0; i < 4; ++i) {
    add(box, batch(1));
    agree(box, "after one new message");
  }
}

TEST_P(sort_cache_test, MailboxMadeAgainUnderTheSameName) {
  std::mt19937 rng(7);
  mailbox_id box = make_box("Again");
  std::vector<std::string> bodies;
  for (int i = 1; i <= 20; ++i) bodies.push_back(message(rng, i));
  add(box, bodies);
  agree(box, "first");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  ASSERT_TRUE(acct_->delete_mailbox("Again"));
  EXPECT_FALSE(acct_->sort(box, {1, 2}, kCriteria[0], deadline));
  box = make_box("Again");
  bodies.resize(5);
  add(box, bodies);
  agree(box, "made again");
}

TEST_P(sort_cache_test, PastDeadlineThenWhole) {
  std::mt19937 rng(11);
  const mailbox_id box = make_box("Late");
  std::vector<std::string> bodies;
  for (int i = 1; i <= 30; ++i) bodies.push_back(message(rng, i));
  add(box, bodies);
  auto late = acct_->sort(box, live_uids(box), kCriteria[2], std::chrono::steady_clock::now() - std::chrono::seconds(1));
  // Past its deadline a call may still finish (the deadline stops long
  // reads); when it does not, it says so, and the cache stays whole.
  if (!late) {
    EXPECT_EQ(late.error(), errc::timeout);
  }
  agree(box, "after a command that ran out of time");
}

// 250000: the default, everything cached; 25: smaller than the mailbox
// (sorted without the cache, or pushed out); 0: no cache.
INSTANTIATE_TEST_SUITE_P(Budgets, sort_cache_test, ::testing::Values(250000, 25, 0));

// Sessions on other threads sort, thread and list a mailbox while one
// appends and expunges: every answer is well formed (what it holds is a
// set of live-or-recent UIDs, in an order of its own), and at the end the
// caches agree with the database. Run under TSan by scripts/test-long.sh.
class cache_threads_test : public store_test {};

TEST_F(cache_threads_test, ReadersBesideAWriter) {
  std::mt19937 rng(3);
  const mailbox_id box = make_box("Busy");
  int n = 0;
  std::vector<std::string> first;
  for (int i = 0; i < 60; ++i) first.push_back(message(rng, ++n));
  add(box, first);
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0};
  auto reader = [&](int which) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!stop) {
      std::vector<uid_t> asked;
      for (uid_t u = 1; u < 400; ++u) asked.push_back(u);
      auto sorted = acct_->sort(box, asked, kCriteria[static_cast<std::size_t>(which) % kCriteria.size()], deadline);
      if (sorted) {
        std::vector<uid_t> v = *sorted;
        std::sort(v.begin(), v.end());
        if (std::adjacent_find(v.begin(), v.end()) != v.end()) ++bad;
      }
      auto t = acct_->thread(box, asked, thread_algorithm::references, deadline);
      if (t && !*t) ++bad;
      auto l = acct_->select_listing(box);
      if (l && !std::is_sorted(l->uids.begin(), l->uids.end())) ++bad;
      auto f = acct_->flags_of(box, std::nullopt, true);
      if (f && !std::is_sorted(f->begin(), f->end(),
                               [](const message_flags& a, const message_flags& b) { return a.uid < b.uid; }))
        ++bad;
    }
  };
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) readers.emplace_back(reader, r);
  for (int round = 0; round < 15; ++round) {
    add(box, {message(rng, ++n), message(rng, ++n)});
    auto uids = live_uids(box);
    ASSERT_TRUE(acct_->store_flags(box, {uids[static_cast<std::size_t>(round) % uids.size()]}, flag_op::add,
                                   with(flag_deleted)));
    ASSERT_TRUE(acct_->expunge(box, std::nullopt));
    if (round % 5 == 4) {
      ASSERT_TRUE(acct_->purge(box, info(box).highestmodseq));
    }
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  // And the caches are right afterwards.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::vector<uid_t> all = live_uids(box);
  for (const auto& c : kCriteria) {
    auto cached = acct_->sort(box, all, c, deadline);
    auto fresh = acct_->account::sort(box, all, c, deadline);
    ASSERT_TRUE(cached && fresh);
    EXPECT_EQ(*cached, *fresh);
  }
  auto l = acct_->select_listing(box);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->uids, all);
}

TEST(sort_cache, LeastRecentlyUsedGoesFirst) {
  sqlite::sort_cache c(100);
  auto a = c.get("acct", 1);
  c.used("acct", 1, 60);
  c.get("acct", 2);
  c.used("acct", 2, 30);
  EXPECT_EQ(c.messages(), 90u);
  c.get("other", 1);
  c.used("other", 1, 30);  // 120 > 100: ("acct", 1) goes, the least recent
  EXPECT_EQ(c.messages(), 60u);
  EXPECT_EQ(c.entries(), 2u);
  EXPECT_NE(c.get("acct", 1), a);  // a new, empty entry
  c.used("acct", 1, 101);          // alone over the budget: not kept
  EXPECT_EQ(c.messages(), 60u);
  c.forget("acct");
  EXPECT_EQ(c.messages(), 30u);
  EXPECT_EQ(c.entries(), 1u);
}

}  // namespace
}  // namespace cairn::store::testing
