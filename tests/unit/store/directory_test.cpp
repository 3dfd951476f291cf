// The directory (users.db) and account folders.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "store_fixture.hpp"

namespace cairn::store::testing {

namespace {
unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 0777;
}
bool is_hex32(const std::string& s) {
  if (s.size() != 32) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
}  // namespace

TEST_F(store_test, DirectoryAddFindChangeDelete) {
  auto& dir = backend_->users();
  auto bob = dir.add_user("Bob@Example.ORG", "h1");
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->name, "bob@example.org");
  EXPECT_TRUE(is_hex32(bob->account_id));
  EXPECT_NE(bob->account_id, user_.account_id);
  EXPECT_EQ(dir.add_user("BOB@example.org", "x").error(), errc::already_exists);

  auto found = dir.find_user("bob@EXAMPLE.org");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account_id, bob->account_id);
  EXPECT_EQ(found->password_hash, "h1");
  EXPECT_EQ(dir.find_user("carol").error(), errc::not_found);

  ASSERT_TRUE(dir.set_password("bob@example.org", "h2"));
  EXPECT_EQ(dir.find_user("bob@example.org")->password_hash, "h2");
  EXPECT_EQ(dir.set_password("carol", "h").error(), errc::not_found);

  auto all = dir.users();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice");
  EXPECT_EQ((*all)[1].name, "bob@example.org");

  // Deleting removes the account folder and stops open handles.
  auto acct = backend_->open_account(bob->account_id);
  ASSERT_TRUE(acct);
  auto box = (*acct)->create_mailbox("INBOX", "");
  ASSERT_TRUE(box);
  auto ref = (*acct)->put_blob("mail\r\n");
  ASSERT_TRUE(ref);
  const auto folder = opt_.data_dir / "accounts" / bob->account_id;
  EXPECT_TRUE(fs::exists(folder / "mail.db"));
  ASSERT_TRUE(dir.delete_user("bob@example.org"));
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_EQ(dir.find_user("bob@example.org").error(), errc::not_found);
  EXPECT_EQ(backend_->open_account(bob->account_id).error(), errc::not_found);
  EXPECT_EQ((*acct)->mailboxes().error(), errc::not_found);
  EXPECT_EQ((*acct)->put_blob("x").error(), errc::not_found);
  EXPECT_EQ(dir.delete_user("bob@example.org").error(), errc::not_found);
  // Only accounts/<alice> is left.
  std::vector<fs::path> left;
  for (const auto& e : fs::directory_iterator(opt_.data_dir / "accounts")) left.push_back(e.path().filename());
  EXPECT_EQ(left, (std::vector<fs::path>{user_.account_id}));
}

TEST_F(store_test, UserNamesAreDataNotPaths) {
  auto& dir = backend_->users();
  auto evil = dir.add_user("../../evil", "h");
  ASSERT_TRUE(evil);
  EXPECT_TRUE(is_hex32(evil->account_id));
  EXPECT_TRUE(fs::exists(opt_.data_dir / "accounts" / evil->account_id / "mail.db"));
  EXPECT_FALSE(fs::exists(root_ / "evil"));
  EXPECT_EQ(dir.add_user("", "h").error(), errc::parse_error);
  EXPECT_EQ(dir.add_user("a\nb", "h").error(), errc::parse_error);
  EXPECT_EQ(dir.add_user(std::string(321, 'a'), "h").error(), errc::parse_error);
}

TEST_F(store_test, OpenAccountOnlyOpensRealAccounts) {
  for (std::string bad : {std::string(""), std::string("../") + user_.account_id, std::string(32, '0'),
                          std::string(32, 'A'), user_.account_id + "/..", std::string("users.db")}) {
    EXPECT_EQ(backend_->open_account(bad).error(), errc::not_found) << bad;
  }
  // One object per account while anyone holds it.
  auto again = backend_->open_account(user_.account_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get(), acct_.get());
  EXPECT_EQ((*again)->id(), user_.account_id);
}

TEST_F(store_test, FoldersAndFilesArePrivate) {
  EXPECT_EQ(mode_of(opt_.data_dir), 0700u);
  EXPECT_EQ(mode_of(opt_.data_dir / "accounts"), 0700u);
  EXPECT_EQ(mode_of(account_dir()), 0700u);
  EXPECT_EQ(mode_of(account_dir() / "blobs"), 0700u);
  EXPECT_EQ(mode_of(opt_.data_dir / "users.db"), 0600u);
  EXPECT_EQ(mode_of(account_dir() / "mail.db"), 0600u);
}

TEST_F(store_test, DirectoryAndMailSurviveReopen) {
  auto box = make_box("INBOX");
  add1(box, "kept\r\n");
  reopen();
  auto u = backend_->users().find_user("alice");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->account_id, user_.account_id);
  open_account();
  EXPECT_EQ(live_uids(box), (std::vector<uid_t>{1}));
}

TEST(store_embedded_open, RefusesAnEmptyPath) {
  embedded_options o;
  EXPECT_FALSE(open_embedded(o));
}

TEST(store_embedded_open, RefusesANewerSchema) {
  auto root = make_temp_dir();
  embedded_options o;
  o.data_dir = root / "data";
  {
    auto b = open_embedded(o);
    ASSERT_TRUE(b);
  }
  // A database from a future version is left alone, not "migrated".
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((o.data_dir / "users.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto b = open_embedded(o);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), errc::corrupted);
  fs::remove_all(root);
}

}  // namespace cairn::store::testing
