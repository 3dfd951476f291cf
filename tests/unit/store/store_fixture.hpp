#pragma once
// A fresh embedded store per test: its own mkdtemp folder, one user
// ("alice") and that user's open account.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/ingest.hpp"
#include "store/sqlite/blob_files.hpp"
#include "store/store.hpp"

namespace cairn::store::testing {

namespace fs = std::filesystem;

inline fs::path make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "cairn-store-XXXXXX").string();
  char* p = ::mkdtemp(tmpl.data());
  EXPECT_NE(p, nullptr);
  return fs::path(tmpl);
}

class store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = make_temp_dir();
    opt_.data_dir = root_ / "data";
    customize(opt_);
    reopen();
    auto u = backend_->users().add_user("alice", "$argon2id$fake");
    ASSERT_TRUE(u) << u.error().message();
    user_ = *u;
    open_account();
  }

  void TearDown() override {
    acct_.reset();
    backend_.reset();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Tests that need other limits override this.
  virtual void customize(embedded_options&) {}

  void reopen() {
    acct_.reset();
    backend_.reset();
    auto b = open_embedded(opt_);
    ASSERT_TRUE(b) << b.error().message();
    backend_ = std::move(*b);
  }

  void open_account() {
    auto a = backend_->open_account(user_.account_id);
    ASSERT_TRUE(a) << a.error().message();
    acct_ = *a;
  }

  fs::path account_dir() const { return opt_.data_dir / "accounts" / user_.account_id; }

  bool blob_file_exists(const std::string& hash) const {
    return fs::exists(account_dir() / "blobs" / hash.substr(0, 2) / hash.substr(2));
  }

  mailbox_id make_box(const std::string& name) {
    auto m = acct_->create_mailbox(name, "");
    EXPECT_TRUE(m) << name << ": " << m.error().message();
    return m ? m->id : 0;
  }

  // Appends messages through the ingest path; returns their UIDs.
  std::vector<uid_t> add(mailbox_id box, const std::vector<std::string>& bodies, const flags& fl = {}) {
    std::vector<incoming_message> in;
    for (const auto& b : bodies) in.push_back({b, fl, {1700000000, 60}});
    auto r = ingest(*acct_, box, in);
    EXPECT_TRUE(r) << r.error().message();
    return r ? r->uids : std::vector<uid_t>{};
  }

  uid_t add1(mailbox_id box, const std::string& body, const flags& fl = {}) {
    auto u = add(box, {body}, fl);
    return u.empty() ? 0 : u[0];
  }

  std::vector<message_meta> live(mailbox_id box) {
    auto r = acct_->messages(box);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : std::vector<message_meta>{};
  }

  std::vector<uid_t> live_uids(mailbox_id box) {
    std::vector<uid_t> out;
    for (const auto& m : live(box)) out.push_back(m.uid);
    return out;
  }

  mailbox_info info(mailbox_id box) {
    auto r = acct_->mailbox(box);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : mailbox_info{};
  }

  fs::path root_;
  embedded_options opt_;
  std::unique_ptr<backend> backend_;
  user_record user_;
  std::shared_ptr<account> acct_;
};

inline flags with(std::uint8_t system, std::vector<std::string> keywords = {}) {
  return flags{system, std::move(keywords)};
}

}  // namespace cairn::store::testing
