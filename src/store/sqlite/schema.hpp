#pragma once
// The embedded store's database schemas, as ordered migrations (db.hpp):
// PRAGMA user_version says how many have run. A later issue that changes a
// schema appends a migration; it never edits one that has shipped.
#include <span>

#include "store/sqlite/db.hpp"

namespace cairn::store::sqlite {

// users.db: the directory of accounts.
std::span<const migration> users_schema();
// accounts/<id>/mail.db: one account's mailboxes, messages and blob index.
std::span<const migration> mail_schema();

}  // namespace cairn::store::sqlite
