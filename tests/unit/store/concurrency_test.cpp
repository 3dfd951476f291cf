// Many writers on one account: group commit, several backends (processes)
// on one folder, and the blob collector racing an append.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "store/sqlite/db.hpp"
#include "store/sqlite/embedded.hpp"
#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {

// Spins (yielding) until `done` or a generous deadline; no sleeping for
// timing: the deadline only turns a hang into a failure.
template <class F>
bool wait_until(F done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

}  // namespace

class patient_store_test : public store_test {
  void customize(embedded_options& o) override { o.busy_timeout_ms = 120000; }
};

TEST_F(patient_store_test, ConcurrentAppendsGetDistinctUidsAndShareCommits) {
  auto box = make_box("INBOX");
  constexpr int threads = 16, per_thread = 20;
  const auto before = sqlite::write_stats_of(*acct_);
  std::vector<std::thread> pool;
  std::vector<std::vector<uid_t>> got(threads);
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        std::string body = "From: t" + std::to_string(t) + "\r\n\r\n" + std::to_string(i) + "\r\n";
        std::vector<incoming_message> in{{body, {}, {}}};
        auto r = ingest(*acct_, box, in);
        ASSERT_TRUE(r) << r.error().message();
        got[t].push_back(r->uids.at(0));
      }
    });
  }
  for (auto& th : pool) th.join();
  const auto after = sqlite::write_stats_of(*acct_);

  std::set<uid_t> all;
  for (const auto& g : got) {
    EXPECT_TRUE(std::is_sorted(g.begin(), g.end()));  // each thread's UIDs ascend
    all.insert(g.begin(), g.end());
  }
  ASSERT_EQ(all.size(), static_cast<std::size_t>(threads * per_thread));
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), static_cast<uid_t>(threads * per_thread));
  EXPECT_EQ(live(box).size(), all.size());
  EXPECT_EQ(info(box).uidnext, threads * per_thread + 1u);

  const auto commits = after.commits - before.commits;
  const auto jobs = after.jobs - before.jobs;
  EXPECT_EQ(jobs, static_cast<std::uint64_t>(threads * per_thread));
  std::cout << "[ group commit ] " << jobs << " appends in " << commits << " commits ("
            << static_cast<double>(jobs) / static_cast<double>(commits) << " per commit)\n";
  RecordProperty("appends", static_cast<int>(jobs));
  RecordProperty("commits", static_cast<int>(commits));
  // 16 writers and an fsync per commit: most commits carry several appends.
  EXPECT_LT(commits * 2, jobs);
}

TEST_F(patient_store_test, ConcurrentFlagChangesShareCommits) {
  // Without blob writes, commits are the only fsyncs: the batching shows
  // at its clearest.
  auto box = make_box("INBOX");
  constexpr int threads = 16, per_thread = 20;
  std::vector<std::string> bodies;
  for (int t = 0; t < threads; ++t) bodies.push_back("m" + std::to_string(t) + "\r\n");
  add(box, bodies);
  const auto before = sqlite::write_stats_of(*acct_);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto op = i % 2 ? flag_op::remove : flag_op::add;
        auto r = acct_->store_flags(box, {static_cast<uid_t>(t + 1)}, op, with(flag_seen));
        ASSERT_TRUE(r) << r.error().message();
        ASSERT_EQ(r->updated.size(), 1u);
      }
    });
  }
  for (auto& th : pool) th.join();
  const auto after = sqlite::write_stats_of(*acct_);
  const auto commits = after.commits - before.commits;
  const auto jobs = after.jobs - before.jobs;
  EXPECT_EQ(jobs, static_cast<std::uint64_t>(threads * per_thread));
  std::cout << "[ group commit ] " << jobs << " flag changes in " << commits << " commits ("
            << static_cast<double>(jobs) / static_cast<double>(commits) << " per commit)\n";
  EXPECT_LT(commits * 2, jobs);
  // Every change got its own MODSEQ, strictly increasing.
  EXPECT_EQ(info(box).highestmodseq, 2u + threads * per_thread);
}

TEST_F(patient_store_test, WritersWaitingForTheLockShareOneCommit) {
  auto box = make_box("INBOX");
  // Another process holds the write lock (as `cairn deliver` might).
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((account_dir() / "mail.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto before = sqlite::write_stats_of(*acct_);

  constexpr int threads = 16;
  std::vector<std::thread> pool;
  std::atomic<int> ok{0};
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::string body = "msg " + std::to_string(t) + "\r\n";
      std::vector<incoming_message> in{{body, {}, {}}};
      if (ingest(*acct_, box, in)) ++ok;
    });
  }
  // The first writer leads and waits for the lock; the other 15 queue.
  bool queued = wait_until([&] {
    auto s = sqlite::write_stats_of(*acct_);
    return s.running == 1 && s.queued == threads - 1;
  });
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  for (auto& th : pool) th.join();
  ASSERT_TRUE(queued);
  EXPECT_EQ(ok.load(), threads);
  const auto after = sqlite::write_stats_of(*acct_);
  // One commit for the leader's own append, one for the 15 that waited.
  EXPECT_EQ(after.commits - before.commits, 2u);
  EXPECT_EQ(after.jobs - before.jobs, static_cast<std::uint64_t>(threads));
  EXPECT_EQ(live(box).size(), static_cast<std::size_t>(threads));
}

TEST_F(patient_store_test, OneFailingJobDoesNotFailItsCommitNeighbours) {
  auto box = make_box("INBOX");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((account_dir() / "mail.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto before = sqlite::write_stats_of(*acct_);
  // A leader that blocks on the lock, then a good append, a failing one
  // (duplicate mailbox) and another good one, all in the second commit.
  std::vector<std::thread> pool;
  pool.emplace_back([&] { EXPECT_TRUE(acct_->set_subscribed("lead", true)); });
  ASSERT_TRUE(wait_until([&] { return sqlite::write_stats_of(*acct_).running == 1; }));
  std::atomic<int> good{0}, bad{0};
  pool.emplace_back([&] { add1(box, "a\r\n") ? ++good : ++bad; });
  pool.emplace_back([&] { acct_->create_mailbox("INBOX", "") ? ++good : ++bad; });
  pool.emplace_back([&] { add1(box, "b\r\n") ? ++good : ++bad; });
  ASSERT_TRUE(wait_until([&] { return sqlite::write_stats_of(*acct_).queued == 3; }));
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  for (auto& th : pool) th.join();
  EXPECT_EQ(good.load(), 2);
  EXPECT_EQ(bad.load(), 1);
  EXPECT_EQ(sqlite::write_stats_of(*acct_).commits - before.commits, 2u);
  auto uids = live_uids(box);
  EXPECT_EQ(uids, (std::vector<uid_t>{1, 2}));
}

TEST_F(patient_store_test, TwoBackendsOnOneFolderBothWrite) {
  auto box = make_box("INBOX");
  // A second backend on the same folder: what `cairn deliver` is to
  // `cairn serve`.
  auto second = open_embedded(opt_);
  ASSERT_TRUE(second);
  auto acct2 = (*second)->open_account(user_.account_id);
  ASSERT_TRUE(acct2);
  std::atomic<int> heard_first{0}, heard_second{0};
  backend_->set_change_listener([&](const change_event&) { ++heard_first; });
  (*second)->set_change_listener([&](const change_event&) { ++heard_second; });

  constexpr int threads = 8, per_thread = 10;
  std::vector<std::thread> pool;
  std::mutex mu;
  std::vector<uid_t> uids;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      account& a = t % 2 ? **acct2 : *acct_;
      for (int i = 0; i < per_thread; ++i) {
        std::string body = std::to_string(t) + "/" + std::to_string(i) + "\r\n";
        std::vector<incoming_message> in{{body, with(flag_seen), {}}};
        auto r = ingest(a, box, in);
        ASSERT_TRUE(r) << r.error().message();
        std::lock_guard lk(mu);
        uids.push_back(r->uids.at(0));
      }
      // And some flag changes, from both sides.
      auto s = a.store_flags(box, {static_cast<uid_t>(t + 1)}, flag_op::add, with(flag_flagged));
      EXPECT_TRUE(s) << s.error().message();
    });
  }
  for (auto& th : pool) th.join();
  std::sort(uids.begin(), uids.end());
  ASSERT_EQ(uids.size(), static_cast<std::size_t>(threads * per_thread));
  for (std::size_t i = 0; i < uids.size(); ++i) EXPECT_EQ(uids[i], i + 1);
  // Both see the same mailbox.
  auto m1 = acct_->messages(box);
  auto m2 = (*acct2)->messages(box);
  ASSERT_TRUE(m1 && m2);
  EXPECT_EQ(m1->size(), uids.size());
  EXPECT_EQ(m2->size(), uids.size());
  EXPECT_EQ(info(box).highestmodseq, (*acct2)->mailbox(box)->highestmodseq);
  // Each backend's listener hears its own commits.
  EXPECT_EQ(heard_first.load(), threads / 2 * (per_thread + 1));
  EXPECT_EQ(heard_second.load(), threads / 2 * (per_thread + 1));
  // MODSEQs stayed strictly increasing per change: every message's flag
  // change got a distinct MODSEQ.
  std::set<modseq_t> flagged;
  for (const auto& m : *m1)
    if (m.fl.system & flag_flagged) flagged.insert(m.modseq);
  EXPECT_EQ(flagged.size(), static_cast<std::size_t>(threads));
}

TEST_F(store_test, BlobCollectedBetweenPutAndAppendIsPutAgain) {
  auto box = make_box("INBOX");
  // A session puts a blob...
  auto ref = acct_->put_blob("dup\r\n");
  ASSERT_TRUE(ref);
  // ...meanwhile the only message with the same bytes is purged, and its
  // file collected.
  add1(box, "dup\r\n", with(flag_deleted));
  auto e = acct_->expunge(box);
  ASSERT_TRUE(e);
  ASSERT_TRUE(acct_->purge(box, e->modseq));
  ASSERT_FALSE(blob_file_exists(ref->hash));
  // The append must not commit a row whose file is gone.
  std::vector<new_message> v{{*ref, {}, {}, ""}};
  EXPECT_EQ(acct_->append(box, v).error(), errc::busy);
  EXPECT_TRUE(live(box).empty());
  // The ingest path puts the blob again and succeeds.
  EXPECT_EQ(add1(box, "dup\r\n"), 2u);
  EXPECT_TRUE(blob_file_exists(ref->hash));
  EXPECT_EQ(*acct_->read_blob(ref.value(), 0, 100), "dup\r\n");
}

TEST_F(store_test, ReadersRunBesideWriters) {
  auto box = make_box("INBOX");
  add(box, {"seed\r\n"});
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      std::size_t last = 0;
      while (!stop) {
        auto m = acct_->messages(box);
        ASSERT_TRUE(m);
        EXPECT_GE(m->size(), last);  // snapshots only move forward
        last = m->size();
        auto c = acct_->changes_since(box, 0);
        ASSERT_TRUE(c);
        ++reads;
      }
    });
  }
  for (int i = 0; i < 30; ++i) add1(box, "m" + std::to_string(i) + "\r\n");
  ASSERT_TRUE(wait_until([&] { return reads.load() >= 8; }));
  stop = true;
  for (auto& th : readers) th.join();
  EXPECT_EQ(live(box).size(), 31u);
}

// Issue 6: "Sessions of different accounts never wait on each other". One
// account's write lock is held (by another process, as `cairn deliver`
// might) and a writer of that account is stuck behind it; meanwhile another
// account appends, commits and reads back.
TEST_F(patient_store_test, AccountsNeverWaitOnEachOther) {
  auto box = make_box("INBOX");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((account_dir() / "mail.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  std::atomic<bool> alice_done{false};
  std::thread alice([&] {
    const std::string body = "alice's\r\n";  // incoming_message refers to it
    std::vector<incoming_message> in{{body, {}, {}}};
    EXPECT_TRUE(ingest(*acct_, box, in));
    alice_done = true;
  });
  const bool blocked = wait_until([&] { return sqlite::write_stats_of(*acct_).running == 1; });

  auto u = backend_->users().add_user("bob", "$argon2id$fake");
  ASSERT_TRUE(u) << u.error().message();
  auto b = backend_->open_account(u->account_id);
  ASSERT_TRUE(b) << b.error().message();
  auto bob = *b;
  auto bob_box = bob->create_mailbox("INBOX", "");
  ASSERT_TRUE(bob_box) << bob_box.error().message();
  for (int i = 0; i < 5; ++i) {
    const std::string body = "bob " + std::to_string(i) + "\r\n";
    std::vector<incoming_message> in{{body, {}, {}}};
    ASSERT_TRUE(ingest(*bob, bob_box->id, in)) << i;
  }
  auto bob_list = bob->messages(bob_box->id);
  // Alice's writer is still waiting for her lock while all of bob's work is done.
  const bool alice_still_waiting = !alice_done.load();

  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  alice.join();
  ASSERT_TRUE(blocked);
  EXPECT_TRUE(alice_still_waiting);
  ASSERT_TRUE(bob_list) << bob_list.error().message();
  EXPECT_EQ(bob_list->size(), 5u);
  EXPECT_EQ(live(box).size(), 1u);
}

// A relaxed write (db.hpp: the \Recent claim, text added to the index) is
// committed at synchronous=NORMAL, without the fsync; the setting goes back
// to FULL for the next write, and a batch that holds any full job is full.
TEST(database_durability_test, RelaxedOnlyWhenTheWholeBatchIs) {
  const auto dir = make_temp_dir();
  const auto file = dir / "t.db";
  static const sqlite::migration none[] = {"CREATE TABLE t(x INTEGER)"};
  auto db = sqlite::database::open(file, {}, none);
  ASSERT_TRUE(db) << db.error().message();
  // What the job's own transaction will be committed with (2 FULL, 1 NORMAL).
  auto job = [](std::atomic<std::int64_t>& seen) {
    return [&seen](sqlite::write_context& ctx) -> result<void> {
      auto st = ctx.conn.prepare("PRAGMA synchronous");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      seen = *row ? st->int64(0) : -1;
      return ctx.conn.exec("INSERT INTO t VALUES(1)");
    };
  };
  std::atomic<std::int64_t> a{0}, b{0}, c{0};
  ASSERT_TRUE((*db)->write(job(a)));
  ASSERT_TRUE((*db)->write(job(b), sqlite::durability::relaxed));
  ASSERT_TRUE((*db)->write(job(c)));
  EXPECT_EQ(a.load(), 2);
  EXPECT_EQ(b.load(), 1);
  EXPECT_EQ(c.load(), 2);
  EXPECT_EQ((*db)->stats().commits, 3u);
  EXPECT_EQ((*db)->stats().relaxed, 1u);

  // A leader blocked on another connection's lock; a relaxed and a full job
  // queue behind it and share the next commit, which is full.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::atomic<std::int64_t> lead{0}, relaxed{0}, full{0};
  std::vector<std::thread> pool;
  pool.emplace_back([&] { EXPECT_TRUE((*db)->write(job(lead), sqlite::durability::relaxed)); });
  ASSERT_TRUE(wait_until([&] { return (*db)->stats().running == 1; }));
  pool.emplace_back([&] { EXPECT_TRUE((*db)->write(job(relaxed), sqlite::durability::relaxed)); });
  pool.emplace_back([&] { EXPECT_TRUE((*db)->write(job(full))); });
  ASSERT_TRUE(wait_until([&] { return (*db)->stats().queued == 2; }));
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  for (auto& th : pool) th.join();
  EXPECT_EQ(lead.load(), 1);
  EXPECT_EQ(relaxed.load(), 2);
  EXPECT_EQ(full.load(), 2);
  EXPECT_EQ((*db)->stats().commits, 5u);
  EXPECT_EQ((*db)->stats().relaxed, 2u);
  db->reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace cairn::store::testing
